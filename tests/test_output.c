/*
 * test_output.c — the HDF5 and CSV writers (src/output_h5.c,
 * src/output_csv.c), read back with the plain HDF5 C API as any client
 * would, against the layout of DESIGN.md / docs/output.md.
 *
 * The run is built by hand from two small modules defined here, so the
 * test does not depend on the biology in models/: "alpha" (2 states,
 * 2 parameters, 1 observable) and "beta" (1 state, 1 parameter), which also
 * checks that per-module offsets are followed.
 *
 * 1. Layout: root provenance attributes (the scenario attribute is the
 *    YAML text byte for byte), /time as the "time" dimension scale,
 *    /states and /observables hard-linking it, every column with units
 *    and attached to it, the /parameters table on its "parameter" scale
 *    holding the values as used (an override, not the default; units
 *    "see /parameters/unit"), /summary
 *    and /solver attributes, no compound datatype anywhere, no HDF5 id
 *    left open.
 * 2. Crash safety: a write that fails before the file is complete (bad
 *    directory, no output times, a duplicate or invalid name found
 *    mid-write) returns MAS_EIO with a message, leaves an existing file
 *    byte-identical, creates no file where there was none, and leaves no
 *    temporary behind.  A successful write replaces the old file.
 * 3. CSV: exact header and rows, and the same failure guarantees.
 * 4. Output paths checked before a run (mas_output_path_ok): not a regular
 *    file (/dev/null, a directory, a FIFO) or a missing directory.
 *
 * Numbers are compared exactly: the writer copies float64 to float64.
 */
#include "criteria.h"
#include "massim.h"
#include "run.h"

#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <hdf5.h>
#include <H5DSpublic.h>

/* ---- a hand-made model and run ----------------------------------------- */

static const struct mas_state_def alpha_states[] = {
    { "a_one", "pg/mL", 1.0, "first state of alpha" },
    { "a_two", "10^9/L", 2.0, "second state of alpha" },
};
static const struct mas_param_def alpha_params[] = {
    { "a_rate", 0.5, "1/d", "Doe 2020, table 1", MAS_RANGE_POSITIVE, 0, 0 },
    { "a_gain", 2.0, "1", "calibrated: a made-up statement", MAS_RANGE_NONNEGATIVE, 0, 0 },
};
static const struct mas_obs_def alpha_obs[] = {
    { "a_ratio", "1", "a_one / a_two" },
};
static const struct mas_module alpha = {
    .name = "alpha", .doc = "test module",
    .states = alpha_states, .n_states = 2,
    .params = alpha_params, .n_params = 2,
    .observables = alpha_obs, .n_obs = 1,
};

/* beta's state list is writable so that tests can give it a bad name. */
static struct mas_state_def beta_states[] = {
    { "b_only", "mg/dL", 3.0, "the state of beta" },
};
static const struct mas_param_def beta_params[] = {
    { "b_half_life_h", 96.0, "h", "Roe 2019", MAS_RANGE_POSITIVE, 0, 0 },
};
static const struct mas_module beta = {
    .name = "beta", .doc = "second test module",
    .states = beta_states, .n_states = 1,
    .params = beta_params, .n_params = 1,
};

static const struct mas_module *const test_mods[] = { &alpha, &beta };
static int state_off[] = { 0, 2 }, param_off[] = { 0, 2 }, obs_off[] = { 0, 1 };

enum { NT = 5, NS = 3, NP = 3, NO = 1 };
static double times[NT] = { 0.0, 0.25, 0.5, 1.0, 60.0 };
static double ys[NT * NS], obs[NT * NO];
/* a_gain overridden from 2.0 to 7.5: the file must hold the value used. */
static double params[NP] = { 0.5, 7.5, 96.0 };

static const char yaml_text[] =
    "name: test-run\n"
    "description: \"quotes, commas: and \\u00b5 survive\"\n"
    "parameters: {a_gain: 7.5}\n"
    "time: {end: 60 d, output_every: 6 h}\n";

static char scenario_path[] = "scenarios/test-run.yaml";
static char scenario_name[] = "test-run";
static char scenario_text[sizeof yaml_text];

static void make_run(struct mas_run *r)
{
    memset(r, 0, sizeof *r);
    r->model.mods = test_mods;
    r->model.n_mods = 2;
    r->model.n_states = NS, r->model.n_params = NP, r->model.n_obs = NO;
    r->model.state_off = state_off, r->model.param_off = param_off;
    r->model.obs_off = obs_off;
    r->model.p = params;
    memcpy(scenario_text, yaml_text, sizeof yaml_text);
    r->sc.text = scenario_text, r->sc.path = scenario_path, r->sc.name = scenario_name;
    r->opts = (struct mas_solver_opts){ .stepper = "msbdf", .rtol = 1e-6, .atol = 1e-9,
                                        .h0 = 1e-6 };
    r->stats = (struct mas_solver_stats){ .steps = 1234, .rhs_evals = 5678, .jac_evals = 90,
                                          .resets = 2, .wall_s = 0.125 };
    r->command_line = "massim run scenarios/test-run.yaml -o out.h5";
    r->n_time = NT;
    r->time = times;
    for (int t = 0; t < NT; t++) {
        for (int i = 0; i < NS; i++)
            ys[t * NS + i] = 100.0 * (i + 1) + t + 1.0 / 3.0;
        obs[t] = ys[t * NS] / ys[t * NS + 1];
    }
    r->y = ys, r->obs = obs;
    static struct mas_metric metrics[3];      /* not owned: make_run's runs are never freed */
    r->metrics = metrics;
    r->cap_metrics = 3;
    r->metrics[0] = (struct mas_metric){ "peak_a_one", "pg/mL", 104.333 };
    r->metrics[1] = (struct mas_metric){ "day_of_peak_a_one", "day", 60.0 };
    r->metrics[2] = (struct mas_metric){ "never_reached_day", "day", NAN };
    r->n_metrics = 3;
    snprintf(r->created, sizeof r->created, "2024-01-02T03:04:05Z");
}

/* ---- a scratch directory ------------------------------------------------ */

static char dir[64];

static int setup_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/mas_test_output_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
    (void)state;
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[512];
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    if (d)
        closedir(d);
    return rmdir(dir);
}

static void in_dir(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", dir, name);
}

/* Number of entries in the scratch directory whose name contains `part`. */
static int count_files(const char *part)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.' && strstr(e->d_name, part))
            n++;
    if (d)
        closedir(d);
    return n;
}

/* The whole content of a file (malloc'd), its length in *len. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    *len = buf ? fread(buf, 1, (size_t)n, f) : 0;
    if (buf)
        buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* ---- reading back with the HDF5 C API ------------------------------------ */

/* Open HDF5 ids across the whole library (files, groups, datasets, ...). */
static ssize_t open_ids(void)
{
    return H5Fget_obj_count((hid_t)H5F_OBJ_ALL, H5F_OBJ_ALL);
}

/* A string attribute (must be a variable-length string), malloc'd. */
static char *attr_str(hid_t obj, const char *name)
{
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    assert_true(a >= 0);
    hid_t ft = H5Aget_type(a);
    assert_int_equal(H5Tget_class(ft), H5T_STRING);
    assert_true(H5Tis_variable_str(ft) > 0);
    assert_int_equal(H5Tget_cset(ft), H5T_CSET_UTF8);
    char *s = NULL;
    assert_true(H5Aread(a, ft, &s) >= 0);
    char *copy = strdup(s ? s : "");
    H5free_memory(s);
    H5Tclose(ft);
    H5Aclose(a);
    return copy;
}

static void assert_attr_str(hid_t obj, const char *name, const char *want)
{
    char *s = attr_str(obj, name);
    assert_string_equal(s, want);
    free(s);
}

static double attr_double(hid_t obj, const char *name)
{
    double v = -1;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    assert_true(a >= 0);
    assert_true(H5Aread(a, H5T_NATIVE_DOUBLE, &v) >= 0);
    H5Aclose(a);
    return v;
}

static unsigned long attr_count(hid_t obj, const char *name)
{
    unsigned long v = 0;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    assert_true(a >= 0);
    assert_true(H5Aread(a, H5T_NATIVE_ULONG, &v) >= 0);
    H5Aclose(a);
    return v;
}

/* Read the 1-D float64 dataset `path` into out[n] (length checked). */
static void read_doubles(hid_t f, const char *path, double *out, hsize_t n)
{
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    assert_true(d >= 0);
    hid_t s = H5Dget_space(d);
    hsize_t dim = 0;
    assert_int_equal(H5Sget_simple_extent_ndims(s), 1);
    H5Sget_simple_extent_dims(s, &dim, NULL);
    assert_int_equal(dim, n);
    assert_true(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) >= 0);
    H5Sclose(s);
    H5Dclose(d);
}

/* Check the 1-D string dataset `path` against want[n]. */
static void check_strings(hid_t f, const char *path, const char *const *want, hsize_t n)
{
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    assert_true(d >= 0);
    hid_t s = H5Dget_space(d);
    hsize_t dim = 0;
    H5Sget_simple_extent_dims(s, &dim, NULL);
    assert_int_equal(dim, n);
    hid_t t = H5Dget_type(d);
    assert_true(H5Tis_variable_str(t) > 0);
    char *got[8] = { 0 };
    assert_true(n <= 8);
    assert_true(H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, got) >= 0);
    for (hsize_t k = 0; k < n; k++) {
        assert_string_equal(got[k], want[k]);
        H5free_memory(got[k]);
    }
    H5Tclose(t);
    H5Sclose(s);
    H5Dclose(d);
}

/* Dataset `path` has exactly one scale on dimension 0, the object `scale`. */
static void assert_on_scale(hid_t f, const char *path, hid_t scale)
{
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    assert_true(d >= 0);
    assert_int_equal(H5DSget_num_scales(d, 0), 1);
    assert_true(H5DSis_attached(d, scale, 0) > 0);
    assert_true(H5DSis_scale(d) == 0);
    H5Dclose(d);
}

static void assert_scale_named(hid_t d, const char *name)
{
    char buf[64] = "";
    assert_true(H5DSis_scale(d) > 0);
    assert_true(H5DSget_scale_name(d, buf, sizeof buf) > 0);
    assert_string_equal(buf, name);
}

/* H5Ovisit callback: no dataset may have a compound (or any non-float,
 * non-string) type: netCDF clients would not show it. */
static herr_t no_compound(hid_t root, const char *name, const H5O_info_t *info, void *data)
{
    int *n_datasets = data;
    if (info->type != H5O_TYPE_DATASET)
        return 0;
    hid_t d = H5Dopen2(root, name, H5P_DEFAULT);
    hid_t t = H5Dget_type(d);
    H5T_class_t c = H5Tget_class(t);
    H5Tclose(t);
    H5Dclose(d);
    (*n_datasets)++;
    return c == H5T_FLOAT || c == H5T_STRING || c == H5T_INTEGER ? 0 : -1;
}

/* ---- 1. layout ----------------------------------------------------------- */

static void check_root_and_time(hid_t f)
{
    assert_attr_str(f, "scenario", yaml_text);
    assert_attr_str(f, "massim_version", MAS_VERSION);
    assert_attr_str(f, "created", "2024-01-02T03:04:05Z");
    assert_attr_str(f, "scenario_name", "test-run");
    assert_attr_str(f, "scenario_path", "scenarios/test-run.yaml");
    assert_attr_str(f, "command_line", "massim run scenarios/test-run.yaml -o out.h5");
    assert_attr_str(f, "solver_stepper", "msbdf");
    assert_true(attr_double(f, "solver_rtol") == 1e-6);
    assert_true(attr_double(f, "solver_atol") == 1e-9);

    double t[NT];
    read_doubles(f, "/time", t, NT);
    assert_memory_equal(t, times, sizeof times);
    hid_t d = H5Dopen2(f, "/time", H5P_DEFAULT);
    assert_attr_str(d, "units", "day");
    assert_scale_named(d, "time");
    H5O_info_t info;
    assert_true(H5Oget_info2(d, &info, H5O_INFO_BASIC) >= 0);
    assert_int_equal(info.rc, 4);       /* /time, /states/time, /observables/time, /criteria/time */
    H5Dclose(d);
}

static void check_series(hid_t f, hid_t time)
{
    static const char *const names[NS] = { "a_one", "a_two", "b_only" };
    static const char *const units[NS] = { "pg/mL", "10^9/L", "mg/dL" };
    char path[64];
    double col[NT];
    for (int i = 0; i < NS; i++) {
        snprintf(path, sizeof path, "/states/%s", names[i]);
        read_doubles(f, path, col, NT);
        for (int t = 0; t < NT; t++)
            assert_true(col[t] == ys[t * NS + i]);
        hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
        assert_attr_str(d, "units", units[i]);
        H5Dclose(d);
        assert_on_scale(f, path, time);
    }
    read_doubles(f, "/observables/a_ratio", col, NT);
    assert_memory_equal(col, obs, sizeof obs);
    hid_t d = H5Dopen2(f, "/observables/a_ratio", H5P_DEFAULT);
    assert_attr_str(d, "units", "1");
    assert_attr_str(d, "description", "a_one / a_two");
    H5Dclose(d);
    assert_on_scale(f, "/observables/a_ratio", time);
    for (int k = 0; k < 2; k++) {
        d = H5Dopen2(f, k ? "/observables/time" : "/states/time", H5P_DEFAULT);
        assert_scale_named(d, "time");
        H5Dclose(d);
    }
}

static void check_parameters(hid_t f)
{
    static const char *const names[NP] = { "a_rate", "a_gain", "b_half_life_h" };
    static const char *const units[NP] = { "1/d", "1", "h" };
    static const char *const sources[NP] = { "Doe 2020, table 1",
                                             "calibrated: a made-up statement", "Roe 2019" };
    static const char *const modules[NP] = { "alpha", "alpha", "beta" };
    check_strings(f, "/parameters/name", names, NP);
    check_strings(f, "/parameters/unit", units, NP);
    check_strings(f, "/parameters/source", sources, NP);
    check_strings(f, "/parameters/module", modules, NP);
    double v[NP];
    read_doubles(f, "/parameters/value", v, NP);
    assert_memory_equal(v, params, sizeof params);
    /* every numeric dataset has units; this column's are per row */
    hid_t value = H5Dopen2(f, "/parameters/value", H5P_DEFAULT);
    assert_attr_str(value, "units", "see /parameters/unit");
    H5Dclose(value);
    hid_t scale = H5Dopen2(f, "/parameters/name", H5P_DEFAULT);
    assert_scale_named(scale, "parameter");
    assert_on_scale(f, "/parameters/value", scale);
    assert_on_scale(f, "/parameters/unit", scale);
    assert_on_scale(f, "/parameters/source", scale);
    assert_on_scale(f, "/parameters/module", scale);
    H5Dclose(scale);
}

static void check_summary_and_solver(hid_t f)
{
    hid_t g = H5Gopen2(f, "/summary", H5P_DEFAULT);
    assert_true(attr_double(g, "peak_a_one") == 104.333);
    assert_attr_str(g, "peak_a_one_units", "pg/mL");
    assert_true(attr_double(g, "day_of_peak_a_one") == 60.0);
    assert_true(isnan(attr_double(g, "never_reached_day")));
    assert_attr_str(g, "never_reached_day_units", "day");
    H5Gclose(g);
    g = H5Gopen2(f, "/solver", H5P_DEFAULT);
    assert_attr_str(g, "stepper", "msbdf");
    assert_true(attr_double(g, "rtol") == 1e-6);
    assert_true(attr_double(g, "atol") == 1e-9);
    assert_true(attr_double(g, "h0") == 1e-6);
    assert_true(attr_double(g, "wall_s") == 0.125);
    assert_int_equal(attr_count(g, "steps"), 1234);
    assert_int_equal(attr_count(g, "rhs_evals"), 5678);
    assert_int_equal(attr_count(g, "jac_evals"), 90);
    assert_int_equal(attr_count(g, "resets"), 2);
    assert_int_equal(attr_count(g, "failures"), 0);
    H5Gclose(g);
}

static void test_layout(void **state)
{
    (void)state;
    struct mas_run r;
    make_run(&r);
    char path[128], err[MAS_ERR_LEN] = "";
    in_dir(path, sizeof path, "layout.h5");
    assert_int_equal(mas_output_h5_write(path, &r, err), MAS_OK);
    assert_string_equal(err, "");
    assert_int_equal(open_ids(), 0);
    assert_int_equal(count_files(".tmp."), 0);

    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(f >= 0);
    check_root_and_time(f);
    hid_t time = H5Dopen2(f, "/time", H5P_DEFAULT);
    check_series(f, time);
    H5Dclose(time);
    check_parameters(f);
    check_summary_and_solver(f);
    int n_datasets = 0;
    assert_true(H5Ovisit2(f, H5_INDEX_NAME, H5_ITER_NATIVE, no_compound, &n_datasets,
                          H5O_INFO_BASIC) >= 0);
    /* /time once (links share it); /criteria: 5 columns keyed by set and 3
     * series per set; /warnings: 3 columns (no rows) */
    assert_int_equal(n_datasets, 1 + NS + NO + 5 + 5 + 3 * MAS_CRIT_NSETS + 3);
    H5Fclose(f);
    assert_int_equal(open_ids(), 0);
}

/* ---- 2. crash safety ----------------------------------------------------- */

/* Write a valid file at `path` and return its bytes. */
static char *valid_file(const char *path, size_t *len)
{
    struct mas_run r;
    char err[MAS_ERR_LEN];
    make_run(&r);
    assert_int_equal(mas_output_h5_write(path, &r, err), MAS_OK);
    char *bytes = slurp(path, len);
    assert_non_null(bytes);
    return bytes;
}

/* `path` still holds exactly `bytes`; nothing temporary is left. */
static void assert_untouched(const char *path, const char *bytes, size_t len)
{
    size_t now_len = 0;
    char *now = slurp(path, &now_len);
    assert_non_null(now);
    assert_int_equal(now_len, len);
    assert_memory_equal(now, bytes, len);
    free(now);
    assert_int_equal(count_files(".tmp."), 0);
    assert_int_equal(open_ids(), 0);
}

static void test_failed_write_keeps_existing_file(void **state)
{
    (void)state;
    char path[128], err[MAS_ERR_LEN];
    size_t len;
    in_dir(path, sizeof path, "keep.h5");
    char *bytes = valid_file(path, &len);
    struct mas_run r;

    make_run(&r);
    r.n_time = 0;                               /* refused before any file */
    err[0] = '\0';
    assert_int_equal(mas_output_h5_write(path, &r, err), MAS_EIO);
    assert_non_null(strstr(err, "no output times"));
    assert_untouched(path, bytes, len);

    make_run(&r);
    beta_states[0].name = "a_one";              /* duplicate: fails mid-write */
    err[0] = '\0';
    assert_int_equal(mas_output_h5_write(path, &r, err), MAS_EIO);
    beta_states[0].name = "b_only";
    assert_non_null(strstr(err, "/states/a_one: name already exists"));
    assert_untouched(path, bytes, len);

    make_run(&r);
    beta_states[0].name = "b/only";             /* not an HDF5 name */
    err[0] = '\0';
    assert_int_equal(mas_output_h5_write(path, &r, err), MAS_EIO);
    beta_states[0].name = "b_only";
    assert_non_null(strstr(err, "b/only"));
    assert_untouched(path, bytes, len);

    make_run(&r);
    r.metrics[1].name = "peak_a_one";           /* duplicate attribute, late */
    err[0] = '\0';
    assert_int_equal(mas_output_h5_write(path, &r, err), MAS_EIO);
    assert_non_null(strstr(err, "/summary attribute peak_a_one: attribute already exists"));
    assert_untouched(path, bytes, len);
    free(bytes);
}

static void test_failed_write_creates_nothing(void **state)
{
    (void)state;
    char path[128], err[MAS_ERR_LEN] = "";
    struct mas_run r;
    make_run(&r);
    in_dir(path, sizeof path, "no-such-dir/out.h5");
    assert_int_equal(mas_output_h5_write(path, &r, err), MAS_EIO);
    assert_non_null(strstr(err, "No such file or directory"));
    assert_int_equal(access(path, F_OK), -1);

    in_dir(path, sizeof path, "fresh.h5");
    beta_states[0].name = "a_two";
    err[0] = '\0';
    assert_int_equal(mas_output_h5_write(path, &r, err), MAS_EIO);
    beta_states[0].name = "b_only";
    assert_true(err[0] != '\0');
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(count_files("fresh"), 0);
    assert_int_equal(open_ids(), 0);
}

static void test_successful_write_replaces(void **state)
{
    (void)state;
    char path[128], err[MAS_ERR_LEN];
    size_t len;
    in_dir(path, sizeof path, "replace.h5");
    free(valid_file(path, &len));
    struct mas_run r;
    make_run(&r);
    r.command_line = "the second run";
    assert_int_equal(mas_output_h5_write(path, &r, err), MAS_OK);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(f >= 0);
    assert_attr_str(f, "command_line", "the second run");
    H5Fclose(f);
    assert_int_equal(count_files(".tmp."), 0);
    assert_int_equal(open_ids(), 0);
}

/* ---- 3. CSV -------------------------------------------------------------- */

static void test_csv(void **state)
{
    (void)state;
    char path[128], err[MAS_ERR_LEN] = "";
    struct mas_run r;
    make_run(&r);
    in_dir(path, sizeof path, "out.csv");
    assert_int_equal(mas_output_csv_write(path, &r, err), MAS_OK);
    size_t len;
    char *text = slurp(path, &len);
    assert_non_null(text);
    const char *want_head = "time_day,a_one [pg/mL],a_two [10^9/L],b_only [mg/dL],a_ratio [1]\n"
                            "0,100.3333333,200.3333333,300.3333333,0.5008319468\n"
                            "0.25,101.3333333,201.3333333,301.3333333,0.5033112583\n";
    assert_true(strncmp(text, want_head, strlen(want_head)) == 0);
    int lines = 0;
    for (size_t k = 0; k < len; k++)
        lines += text[k] == '\n';
    assert_int_equal(lines, 1 + NT);
    assert_non_null(strstr(text, "\n60,104.3333333,204.3333333,304.3333333,0.5106035889\n"));
    assert_int_equal(count_files(".tmp."), 0);

    /* A failing write leaves the existing CSV as it was. */
    r.n_time = 0;
    assert_int_equal(mas_output_csv_write(path, &r, err), MAS_EIO);
    size_t len2;
    char *again = slurp(path, &len2);
    assert_int_equal(len2, len);
    assert_memory_equal(again, text, len);
    free(again);
    free(text);
    make_run(&r);
    in_dir(path, sizeof path, "missing/out.csv");
    assert_int_equal(mas_output_csv_write(path, &r, err), MAS_EIO);
    assert_non_null(strstr(err, "No such file or directory"));
    assert_int_equal(count_files(".tmp."), 0);
}

/* A unit with a comma is quoted as RFC 4180 says. */
static void test_csv_quoting(void **state)
{
    (void)state;
    char path[128], err[MAS_ERR_LEN] = "";
    struct mas_run r;
    make_run(&r);
    beta_states[0].unit = "mg,\"dL\"";
    in_dir(path, sizeof path, "quoted.csv");
    int st = mas_output_csv_write(path, &r, err);
    beta_states[0].unit = "mg/dL";
    assert_int_equal(st, MAS_OK);
    size_t len;
    char *text = slurp(path, &len);
    assert_non_null(strstr(text, ",\"b_only [mg,\"\"dL\"\"]\",a_ratio [1]\n"));
    free(text);
}

/* Output paths are checked before a run: something that exists and is
 * not a regular file is bad input; a missing or unwritable directory is an
 * I/O error; a new or existing regular file in a writable directory is
 * fine.  Nothing is created by the check. */
static void test_output_path_ok(void **state)
{
    (void)state;
    char err[MAS_ERR_LEN] = "", p[256];
    assert_int_equal(mas_output_path_ok("/dev/null", err), MAS_EINPUT);
    assert_string_equal(err, "/dev/null: not a regular file");
    assert_int_equal(mas_output_path_ok(dir, err), MAS_EINPUT);
    assert_non_null(strstr(err, "not a regular file"));
    in_dir(p, sizeof p, "fifo");
    assert_int_equal(mkfifo(p, 0600), 0);
    assert_int_equal(mas_output_path_ok(p, err), MAS_EINPUT);
    unlink(p);
    assert_int_equal(mas_output_path_ok("", err), MAS_EINPUT);
    in_dir(p, sizeof p, "missing/out.h5");
    assert_int_equal(mas_output_path_ok(p, err), MAS_EIO);
    assert_non_null(strstr(err, "does not exist"));
    in_dir(p, sizeof p, "new.h5");
    assert_int_equal(mas_output_path_ok(p, err), MAS_OK);
    assert_int_equal(access(p, F_OK), -1);     /* the check created nothing */
    assert_int_equal(mas_output_path_ok("relative-name.h5", err), MAS_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_failed_write_keeps_existing_file),
        cmocka_unit_test(test_failed_write_creates_nothing),
        cmocka_unit_test(test_successful_write_replaces),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_csv_quoting),
        cmocka_unit_test(test_output_path_ok),
    };
    return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
