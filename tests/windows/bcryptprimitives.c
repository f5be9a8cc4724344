/*
 * Test-only: Wine 8 (Debian 12) has no bcryptprimitives.dll, whose
 * ProcessPrng Rust's standard library imports for its random numbers, so
 * a Windows cfp.exe does not start under it. This stands in for it beside
 * the test binary, filling the buffer from RtlGenRandom (advapi32's
 * SystemFunction036), which Wine has. Never shipped: .ci/run builds it
 * with mingw for the Wine run only.
 */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
