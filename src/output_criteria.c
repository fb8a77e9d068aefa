/*
 * output_criteria.c — /criteria in a run's HDF5 file (docs/output.md,
 * docs/criteria.md): a table keyed by criteria set and, per output time,
 * the state of each set.
 *
 *   /criteria/set            (k) string: the name of each set of
 *                            mas_criteria_sets[] (eular2016, hlh2004, hscore,
 *                            ms_score, ferritin_esr); dimension scale "set"
 *   /criteria/title          (k) string
 *   /criteria/first_met_day  (k) float64, day (NaN if never met)
 *   /criteria/stop_met_day   (k) float64, day: the first output time after it
 *                            was first met at which it is no longer met (NaN if
 *                            it never stops, or is never met)
 *   /criteria/last_met_day   (k) float64, day: the last output time at which
 *                            the set is met (NaN if never)
 *   /criteria/time           hard link to /time
 *   /criteria/NAME           (n) float64 on time: items met (a set of kind
 *                            MAS_CRIT_COUNT: eular2016, hlh2004) or the
 *                            score (MAS_CRIT_SCORE: hscore, ms_score,
 *                            ferritin_esr), in the descriptor's unit
 *   /criteria/NAME_met       (n) int8 on time: 1 when the set is met
 *   /criteria/NAME_items     (n) uint32 on time: bit i set when item i is
 *                            met; attribute `items` names them in order
 */
#include "output_criteria.h"
#include "criteria_model.h"
#include "h5attr.h"
#include "massim.h"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <stdio.h>
#include <string.h>

/* A 1-D dataset of n values of memory type mtype, stored as ftype; open. */
static hid_t column(hid_t g, const char *name, hid_t ftype, hid_t mtype, size_t n, const void *data)
{
    hsize_t dim = n;
    hid_t sp = H5Screate_simple(1, &dim, NULL), d = -1;
    if (sp >= 0)
        d = H5Dcreate2(g, name, ftype, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (d >= 0 && H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
        H5Dclose(d);
        d = -1;
    }
    if (sp >= 0)
        H5Sclose(sp);
    return d;
}

static int finish(hid_t d, hid_t scale, const char *units, const char *doc)
{
    int bad = d < 0 || (units && mas_h5_write_text(d, "units", units) < 0) ||
              (doc && mas_h5_write_text(d, "description", doc) < 0) || H5DSattach_scale(d, scale, 0) < 0;
    if (d >= 0)
        H5Dclose(d);
    return bad;
}

/* The per-time datasets of one set. */
static int write_set_series(hid_t g, hid_t time, const struct mas_criteria_course *c, int s)
{
    char name[64], items[1024] = "";
    const struct mas_criteria_def *def = &mas_criteria_sets[s];
    const char *set = def->name;
    for (int i = 0; i < def->n_items; i++)
        snprintf(items + strlen(items), sizeof items - strlen(items), "%s%s", i ? "; " : "",
                 def->items[i]);
    int bad = finish(column(g, set, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, c->n, c->value[s]), time,
                     def->unit, def->kind == MAS_CRIT_COUNT ? "number of items met" : "score");
    snprintf(name, sizeof name, "%s_met", set);
    bad |= finish(column(g, name, H5T_STD_I8LE, H5T_NATIVE_UCHAR, c->n, c->met[s]), time, "1",
                  "1 when the set is met");
    snprintf(name, sizeof name, "%s_items", set);
    hid_t d = column(g, name, H5T_STD_U32LE, H5T_NATIVE_UINT, c->n, c->mask[s]);
    bad |= d < 0 || mas_h5_write_text(d, "items", items) < 0;
    bad |= finish(d, time, "1", "bit i set when item i (attribute items) is met");
    return bad;
}

/* The table keyed by set. */
static int write_table(hid_t g, const struct mas_criteria_course *c)
{
    const char *names[MAS_CRIT_NSETS], *titles[MAS_CRIT_NSETS];
    for (int s = 0; s < MAS_CRIT_NSETS; s++) {
        names[s] = mas_criteria_sets[s].name;
        titles[s] = mas_criteria_sets[s].title;
    }
    hid_t st = H5Tcopy(H5T_C_S1);
    int bad = st < 0 || H5Tset_size(st, H5T_VARIABLE) < 0 || H5Tset_cset(st, H5T_CSET_UTF8) < 0;
    hid_t set = bad ? -1 : column(g, "set", st, st, MAS_CRIT_NSETS, names);
    bad = set < 0 || H5DSset_scale(set, "set") < 0
       || mas_h5_write_text(set, "description", "criteria set (docs/criteria.md)") < 0;
    if (!bad)
        bad = finish(column(g, "title", st, st, MAS_CRIT_NSETS, titles), set, NULL, "criteria set")
           || finish(column(g, "first_met_day", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, MAS_CRIT_NSETS,
                            c->first_met_day), set, "day", "first output time at which the set is met")
           || finish(column(g, "stop_met_day", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, MAS_CRIT_NSETS,
                            c->stop_met_day), set, "day", "first output time, after the set was first met, at which it is no longer met")
           || finish(column(g, "last_met_day", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, MAS_CRIT_NSETS,
                            c->last_met_day), set, "day", "last output time at which the set is met");
    if (set >= 0)
        H5Dclose(set);
    if (st >= 0)
        H5Tclose(st);
    return bad;
}

int mas_output_criteria(hid_t file, hid_t time, const struct mas_run *r, char *err)
{
    struct mas_criteria_course own;
    const struct mas_criteria_course *c = r->criteria;
    if (!c) {                      /* a run whose metrics were not computed */
        int rc = mas_criteria_course(r, &own, err);
        if (rc != MAS_OK)
            return rc;
        c = &own;
    }
    hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE), g = -1;
    if (gcpl >= 0 && H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) >= 0)
        g = H5Gcreate2(file, "criteria", H5P_DEFAULT, gcpl, H5P_DEFAULT);
    int bad = g < 0 || write_table(g, c) || H5Lcreate_hard(file, "time", g, "time", H5P_DEFAULT, H5P_DEFAULT) < 0;
    for (int s = 0; !bad && s < MAS_CRIT_NSETS; s++)
        bad = write_set_series(g, time, c, s);
    if (g >= 0)
        H5Gclose(g);
    if (gcpl >= 0)
        H5Pclose(gcpl);
    if (c == &own)
        mas_criteria_course_free(&own);
    return bad ? mas_fail(err, MAS_EIO, "cannot write /criteria") : MAS_OK;
}
