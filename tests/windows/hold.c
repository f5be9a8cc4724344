/*
 * Test-only: `hold.exe FILE MODE` holds a file open until its standard
 * input closes, so that a test under Wine sees what cfp does when another
 * program has its target open. MODE `excel` opens it as Excel does
 * (shared for reading only: it may not be written, renamed over or
 * deleted); `reader` as most viewers do (shared for reading, writing and
 * deleting). Prints "held" once the file is open.
 */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc != 3)
        return 2;
    DWORD share = FILE_SHARE_READ;
    DWORD access = GENERIC_READ | GENERIC_WRITE;
    if (wcscmp(argv[2], L"reader") == 0) {
        share = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
        access = GENERIC_READ;
    }
    HANDLE h = CreateFileW(argv[1], access, share, NULL, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return 1;
    printf("held\n");
    fflush(stdout);
    char buf[16];
    while (fread(buf, 1, sizeof buf, stdin) > 0) {
    }
    CloseHandle(h);
    return 0;
}
