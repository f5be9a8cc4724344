//! Work shared among threads as they are free (docs/performance.md): on a
//! machine whose cores other work also uses, a core can run at half speed
//! for a while, and work dealt out in equal shares beforehand then waits
//! for its slowest share.

use std::sync::{Mutex, PoisonError};

/// `each` of `jobs` on up to `threads` threads, each thread taking the
/// next job not yet taken whenever it is free; the results in the jobs'
/// order, however many threads. A job that panics panics the caller.
pub(crate) fn share<J: Send, R: Send>(
    threads: usize,
    jobs: Vec<J>,
    each: impl Fn(J) -> R + Sync,
) -> Vec<R> {
    let threads = threads.min(jobs.len());
    if threads <= 1 {
        return jobs.into_iter().map(each).collect();
    }
    let count = jobs.len();
    // The jobs in order, each thread taking the next as it is free.
    let queue = Mutex::new(jobs.into_iter().enumerate());
    let (queue, each) = (&queue, &each);
    let work = move || {
        let mut mine = Vec::new();
        loop {
            let next = queue.lock().unwrap_or_else(PoisonError::into_inner).next();
            let Some((k, job)) = next else {
                return mine;
            };
            mine.push((k, each(job)));
        }
    };
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        // The calling thread works too, rather than waiting: one thread
        // fewer to start, and on the main thread its memory (glibc's main
        // arena, which the plan's reading freed into) is already faulted
        // in.
        let mut done = work();
        for h in handles {
            done.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        done
    });
    debug_assert_eq!(done.len(), count);
    done.sort_unstable_by_key(|&(k, _)| k);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::share;

    #[test]
    fn each_job_is_done_once_and_its_result_kept_in_order() {
        for threads in [0, 1, 2, 3, 8, 40] {
            let jobs: Vec<u64> = (0..37).collect();
            let done = share(threads, jobs, |k| {
                // Uneven work, so that threads finish out of turn.
                std::thread::sleep(std::time::Duration::from_micros((k % 5) * 50));
                k * k
            });
            let expected: Vec<u64> = (0..37).map(|k| k * k).collect();
            assert_eq!(done, expected, "{threads} threads");
        }
        assert!(share(4, Vec::<u8>::new(), |k| k).is_empty());
    }
}
