/*
 * h5attr.c — text attributes in HDF5 files (h5attr.h).
 */
#include "h5attr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A variable-length UTF-8 string type, or -1. */
static hid_t text_type(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t >= 0 && (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0)) {
        H5Tclose(t);
        t = -1;
    }
    return t;
}

herr_t mas_h5_write_text(hid_t obj, const char *name, const char *value)
{
    hid_t t = text_type(), s = H5Screate(H5S_SCALAR), a = -1;
    herr_t e = -1;
    if (t >= 0 && s >= 0 && (a = H5Acreate2(obj, name, t, s, H5P_DEFAULT, H5P_DEFAULT)) >= 0)
        e = H5Awrite(a, t, &value);
    if (a >= 0)
        H5Aclose(a);
    if (s >= 0)
        H5Sclose(s);
    if (t >= 0)
        H5Tclose(t);
    return e;
}

/* H5Ewalk2 callback: the innermost frame's description (walking upward,
 * the first frame is where HDF5 met the problem). */
static herr_t innermost(unsigned n, const H5E_error2_t *e, void *data)
{
    char **desc = data;
    if (n == 0 && e->desc && !*desc)
        *desc = strdup(e->desc);
    return 0;
}

void mas_h5_reason(char *buf, size_t n)
{
    char *desc = NULL;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, innermost, &desc);
    H5Eclear2(H5E_DEFAULT);
    const char *text = desc ? desc : "HDF5 error";
    /* a failed write(2): "..., errno = 28, error message = 'No space left on device', ..." */
    const char *m = strstr(text, "error message = '");
    size_t len;
    if (m) {
        m += strlen("error message = '");
        len = strcspn(m, "'");
        text = m;
    } else {
        len = strcspn(text, "\n,");
    }
    snprintf(buf, n, "%.*s", (int)len, text);
    free(desc);
}

static int unusable;

int mas_h5_unusable(void)
{
    return unusable;
}

void mas_h5_mark_unusable(void)
{
    unusable = 1;
}

herr_t mas_h5_close_file(hid_t f)
{
    ssize_t n = H5Fget_obj_count(f, H5F_OBJ_ALL & ~H5F_OBJ_FILE);
    if (n > 0) {
        hid_t *ids = malloc((size_t)n * sizeof *ids);
        ssize_t got = ids ? H5Fget_obj_ids(f, H5F_OBJ_ALL & ~H5F_OBJ_FILE, (size_t)n, ids) : 0;
        for (ssize_t i = 0; i < got; i++) {
            if (H5Iget_type(ids[i]) == H5I_ATTR)
                H5Aclose(ids[i]);
            else
                H5Oclose(ids[i]);
        }
        free(ids);
    }
    herr_t e = H5Fclose(f);
    if (e < 0)
        unusable = 1;
    return e;
}
