/* util.c — small helpers shared by the machinery (error formatting). */
#include "massim.h"

#include <stdarg.h>
#include <stdio.h>

int mas_fail(char *err, int status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, MAS_ERR_LEN, fmt, ap);
        va_end(ap);
    }
    return status;
}
