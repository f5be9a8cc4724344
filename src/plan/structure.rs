//! The plan's frame: ids (valid, unique across every file), `[plan]`,
//! `[defaults]`, priorities and commitments, and the parent each
//! indicator or milestone belongs to.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use toml::Spanned;

use super::check::Checker;
use super::load::PLAN_FILE;
use super::raw;
use super::{Commitment, Defaults, Entity, Plan, Priority, Tolerance};
use crate::diag::{did_you_mean, Code};
use crate::period::{Span, YearKind};

impl Checker {
    pub(super) fn build(&mut self, root: PathBuf, files: Vec<(usize, raw::File)>) -> Option<Plan> {
        let ids = self.declare_ids(&files);
        let main = &files[0].1;
        let meta = main.plan.as_ref();
        if meta.is_none() {
            self.err(
                Code::MissingField,
                0,
                0..0,
                format!("{PLAN_FILE} has no [plan] table"),
            );
        }
        let defaults = self.defaults(main.defaults.as_ref());
        let (sources, dash) = self.measurements(main.measurements.as_ref(), &ids);
        let codes = self.codes(meta);
        let (start, end) = self.plan_dates(meta);
        let meta = meta.map(Spanned::get_ref);
        let mut plan = Plan {
            root,
            files: Vec::new(),
            title: meta.map(|m| m.title.get_ref().clone()).unwrap_or_default(),
            area: meta.map(|m| m.area.get_ref().clone()).unwrap_or_default(),
            comparators: meta
                .map(|m| {
                    m.comparators
                        .iter()
                        .map(|c| Arc::from(c.get_ref().as_str()))
                        .collect()
                })
                .unwrap_or_default(),
            groups: Vec::new(),
            members: Vec::new(),
            codes,
            rated_as: false,
            peers: super::PeerAreas::None,
            national: None,
            start,
            end,
            vision: meta.and_then(|m| m.vision.clone()),
            defaults,
            sources,
            dash,
            priorities: Vec::new(),
            commitments: Vec::new(),
            indicators: Vec::new(),
            milestones: Vec::new(),
            ids,
        };
        if let Some(m) = meta {
            self.comparators(m, &plan.area);
            self.groups(m, &mut plan);
        }
        // Every priority and commitment is known before an indicator or
        // milestone names one as its parent, whichever file holds it.
        for (file, f) in &files {
            self.priorities_and_commitments(*file, f, &mut plan);
        }
        for (file, f) in &files {
            for i in &f.indicator {
                let indicator = self.indicator(*file, &plan, i);
                plan.indicators.push(indicator);
            }
            for m in &f.milestone {
                let milestone = self.milestone(*file, &plan, m);
                plan.milestones.push(milestone);
            }
        }
        Some(plan)
    }

    /// Every id the plan's files declare, checked to be valid and unique
    /// across them, with what it names.
    fn declare_ids(&mut self, files: &[(usize, raw::File)]) -> HashMap<String, Entity> {
        let mut ids: HashMap<String, (Entity, usize, Range<usize>)> = HashMap::new();
        let (mut np, mut nc, mut ni, mut nm) = (0, 0, 0, 0);
        for (file, f) in files {
            let file = *file;
            for p in &f.priority {
                self.declare(&mut ids, file, &p.get_ref().id, Entity::Priority(np));
                np += 1;
            }
            for c in &f.commitment {
                self.declare(&mut ids, file, &c.get_ref().id, Entity::Commitment(nc));
                nc += 1;
            }
            for i in &f.indicator {
                self.declare(&mut ids, file, &i.get_ref().id, Entity::Indicator(ni));
                ni += 1;
            }
            for m in &f.milestone {
                self.declare(&mut ids, file, &m.get_ref().id, Entity::Milestone(nm));
                nm += 1;
            }
        }
        ids.into_iter().map(|(k, v)| (k, v.0)).collect()
    }

    /// Declares one id, kept with where it is so that a later duplicate
    /// can say where it was first defined.
    fn declare(
        &mut self,
        ids: &mut HashMap<String, (Entity, usize, Range<usize>)>,
        file: usize,
        id: &raw::Text,
        entity: Entity,
    ) {
        let name = id.get_ref();
        if !valid_id(name) {
            self.err_help(
                Code::BadId,
                file,
                id.span(),
                format!("`{name}` is not a valid id"),
                Some(
                    "ids are lower case letters, digits, `.`, `_` and `-`, \
                     starting with a letter or digit"
                        .into(),
                ),
            );
        }
        if let Some((_, first_file, first_span)) = ids.get(name) {
            let first = self.loc(*first_file, first_span.clone());
            let help = format!(
                "first defined at {}:{}:{}; every id must be unique across the plan",
                first.file.display(),
                first.line,
                first.column
            );
            self.err_help(
                Code::DuplicateId,
                file,
                id.span(),
                format!("duplicate id `{name}`"),
                Some(help),
            );
        } else {
            ids.insert(name.clone(), (entity, file, id.span()));
        }
    }

    /// `[plan] start` and `end`, the end not before the start.
    fn plan_dates(
        &mut self,
        meta: Option<&Spanned<raw::Meta>>,
    ) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let Some(m) = meta else {
            return (None, None);
        };
        let start = m
            .get_ref()
            .start
            .as_ref()
            .and_then(|v| self.date(0, v, "start"));
        let end = m
            .get_ref()
            .end
            .as_ref()
            .and_then(|v| self.date(0, v, "end"));
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                self.err(
                    Code::OutOfOrder,
                    0,
                    m.span(),
                    format!("the plan ends ({e}) before it starts ({s})"),
                );
            }
        }
        (start, end)
    }

    /// `[plan] comparators`: other areas, so never the plan's own.
    fn comparators(&mut self, meta: &raw::Meta, area: &str) {
        for c in &meta.comparators {
            if c.get_ref() == area {
                self.err(
                    Code::BadArea,
                    0,
                    c.span(),
                    format!("`{area}` is the plan's own area, not a comparator"),
                );
            }
        }
    }

    /// One file's priorities and commitments, each commitment under a
    /// priority of the plan.
    fn priorities_and_commitments(&mut self, file: usize, f: &raw::File, plan: &mut Plan) {
        for p in &f.priority {
            let p = p.get_ref();
            plan.priorities.push(Priority {
                id: p.id.get_ref().clone(),
                title: p.title.get_ref().clone(),
                lead: p.lead.clone(),
                aims: p.aims.clone(),
                actions: p.actions.clone(),
                description: p.description.clone(),
                note: p.note.clone(),
            });
        }
        for c in &f.commitment {
            let c = c.get_ref();
            self.parent_is(file, plan, &c.priority, "priority");
            plan.commitments.push(Commitment {
                id: c.id.get_ref().clone(),
                priority: c.priority.get_ref().clone(),
                title: c.title.get_ref().clone(),
                lead: c.lead.clone(),
                description: c.description.clone(),
                note: c.note.clone(),
            });
        }
    }

    pub(super) fn defaults(&mut self, d: Option<&Spanned<raw::Defaults>>) -> Defaults {
        let mut out = Defaults::default();
        let Some(d) = d.map(Spanned::get_ref) else {
            return out;
        };
        if let Some(t) = &d.tolerance {
            match Tolerance::parse(t.get_ref()) {
                Ok(v) => out.tolerance = v,
                Err(e) => self.err(Code::BadTolerance, 0, t.span(), e),
            }
        }
        if let Some(s) = &d.due_soon {
            match Span::parse(s.get_ref()) {
                Ok(v) => out.due_soon = v,
                Err(e) => self.err(Code::BadDuration, 0, s.span(), e),
            }
        }
        if let Some(levels) = &d.benchmark_levels {
            match *levels.get_ref() {
                3 | 5 => out.benchmark_levels = *levels.get_ref() as u8,
                _ => self.err(
                    Code::OutOfRange,
                    0,
                    levels.span(),
                    "benchmark_levels is 3 or 5",
                ),
            }
        }
        if let Some(screening) = d.spc_screening {
            out.spc_screening = screening;
        }
        if let Some(y) = &d.year {
            out.year = self
                .choice(0, y, "year", YearKind::NAMES, YearKind::from_name)
                .unwrap_or_default();
        }
        out
    }

    /// Checks that `parent` names an entity of the wanted kind.
    pub(super) fn parent_is(
        &mut self,
        file: usize,
        plan: &Plan,
        parent: &raw::Text,
        kind: &str,
    ) -> bool {
        let id = parent.get_ref();
        let ok = match plan.entity(id) {
            Some(Entity::Priority(_)) => kind == "priority",
            Some(Entity::Commitment(_)) => kind == "commitment",
            Some(_) => false,
            None => {
                let known: Vec<&str> = plan
                    .ids
                    .iter()
                    .filter(|(_, e)| match kind {
                        "priority" => matches!(e, Entity::Priority(_)),
                        _ => matches!(e, Entity::Commitment(_)),
                    })
                    .map(|(k, _)| k.as_str())
                    .collect();
                self.err_help(
                    Code::UnknownParent,
                    file,
                    parent.span(),
                    format!("unknown {kind} `{id}`"),
                    did_you_mean(id, known),
                );
                return false;
            }
        };
        if !ok {
            self.err(
                Code::UnknownParent,
                file,
                parent.span(),
                format!("`{id}` is not a {kind}"),
            );
        }
        ok
    }

    /// Resolves the `commitment` or `priority` an indicator or milestone
    /// belongs to, as (priority id, commitment id).
    pub(super) fn parent(
        &mut self,
        file: usize,
        plan: &Plan,
        what: Range<usize>,
        commitment: &Option<raw::Text>,
        priority: &Option<raw::Text>,
    ) -> (String, Option<String>) {
        match (commitment, priority) {
            (Some(c), None) => {
                if self.parent_is(file, plan, c, "commitment") {
                    let p = plan.commitment(c.get_ref()).map(|c| c.priority.clone());
                    (p.unwrap_or_default(), Some(c.get_ref().clone()))
                } else {
                    (String::new(), Some(c.get_ref().clone()))
                }
            }
            (None, Some(p)) => {
                self.parent_is(file, plan, p, "priority");
                (p.get_ref().clone(), None)
            }
            (Some(c), Some(_)) => {
                self.err_help(
                    Code::ConflictingFields,
                    file,
                    c.span(),
                    "give either `commitment` or `priority`, not both",
                    Some("a commitment already belongs to a priority".into()),
                );
                (String::new(), None)
            }
            (None, None) => {
                self.err(
                    Code::MissingField,
                    file,
                    what,
                    "needs a `commitment` or a `priority` it belongs to",
                );
                (String::new(), None)
            }
        }
    }
}

impl Checker {
    /// `[plan] groups`: each a comparator's name, with distinct areas that
    /// are not the plan's own.
    fn groups(&mut self, meta: &raw::Meta, plan: &mut Plan) {
        for (name, areas) in meta.groups.iter().flatten() {
            let group = name.get_ref();
            if !plan.comparators.iter().any(|c| **c == **group) {
                let help = match did_you_mean(group, plan.comparators.iter().map(|c| &**c)) {
                    Some(s) => format!("{s} a group must also be one of `comparators`"),
                    None => format!("add `{group}` to `comparators` to benchmark against it"),
                };
                self.err_help(
                    Code::BadGroup,
                    0,
                    name.span(),
                    format!("group `{group}` is not one of the plan's comparators"),
                    Some(help),
                );
                continue;
            }
            if areas.get_ref().is_empty() {
                self.err(
                    Code::BadGroup,
                    0,
                    areas.span(),
                    format!("group `{group}` names no areas"),
                );
                continue;
            }
            let mut kept: Vec<String> = Vec::new();
            for a in areas.get_ref() {
                let area = a.get_ref();
                if area == &plan.area {
                    self.err(
                        Code::BadGroup,
                        0,
                        a.span(),
                        format!(
                            "`{area}` is the plan's own area, so it cannot be in group `{group}`"
                        ),
                    );
                } else if kept.contains(area) {
                    self.err(
                        Code::BadGroup,
                        0,
                        a.span(),
                        format!("`{area}` is named twice in group `{group}`"),
                    );
                } else if area == group {
                    self.err(
                        Code::BadGroup,
                        0,
                        a.span(),
                        format!("group `{group}` cannot hold itself"),
                    );
                } else {
                    kept.push(area.clone());
                }
            }
            for a in &kept {
                if !plan.comparators.iter().any(|c| **c == **a) && !plan.members.contains(a) {
                    plan.members.push(a.clone());
                }
            }
            plan.groups.push((group.clone(), kept));
        }
    }
}

fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}
