/*
 * test_warnings.c — the warnings channel of a run (warnings.h, run.h) and
 * what issue 12 asked of it: a dose after time.end is a warning, kept in
 * the run's HDF5 file; a model missing a metric's variable is refused; the
 * metrics array grows past 64; a clamped value is a warning; the list
 * counts repeats and its joined text is cut with "…" at a character
 * boundary; the generated Markdown tables.  Run from the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hdf5.h>

#include "massim.h"
#include "outcomes.h"
#include "run.h"
#include "warnings.h"

static const char *late_dose = "tests/warnings/late-dose.yaml";

/* /warnings/message of a run file, joined by "\n" (free() it). */
static char *read_warnings(const char *path, size_t *n_rows)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(f >= 0);
    hid_t d = H5Dopen2(f, "/warnings/message", H5P_DEFAULT);
    assert_true(d >= 0);
    hid_t space = H5Dget_space(d);
    hsize_t n = 0;
    H5Sget_simple_extent_dims(space, &n, NULL);
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    char **rows = calloc(n ? n : 1, sizeof *rows);
    if (n)
        assert_true(H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows) >= 0);
    size_t len = 1;
    for (hsize_t i = 0; i < n; i++)
        len += strlen(rows[i]) + 1;
    char *all = calloc(len, 1);
    for (hsize_t i = 0; i < n; i++) {
        strcat(all, rows[i]);
        strcat(all, "\n");
    }
    if (n)
        H5Dvlen_reclaim(t, space, H5P_DEFAULT, rows);
    free(rows);
    H5Tclose(t);
    H5Sclose(space);
    H5Dclose(d);
    H5Fclose(f);
    *n_rows = (size_t)n;
    return all;
}

/* (a) a dose after time.end: a warning on the run, printed, and in the file */
static void test_dose_after_end(void **state)
{
    (void)state;
    struct mas_run r;
    char err[MAS_ERR_LEN] = "";
    assert_int_equal(mas_run_prepare(&r, late_dose, NULL, 0, err), MAS_OK);
    assert_int_equal(r.n_doses_outside, 1);
    assert_int_equal(mas_run_execute(&r, err), MAS_OK);
    assert_int_equal(r.warnings.n, 1);
    assert_non_null(strstr(r.warnings.w[0].msg, "1 dose outside the simulated time [0, 20] day"));
    assert_non_null(strstr(r.warnings.w[0].msg, "tocilizumab on day 28"));

    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    mas_run_print_warnings(&r, f);
    fclose(f);
    assert_string_equal(text, "massim: warning: 1 dose outside the simulated time [0, 20] day "
                        "not given (the first: tocilizumab on day 28)\n");
    free(text);

    char dir[] = "/tmp/mas_test_warnings_XXXXXX", path[128];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/late.h5", dir);
    assert_int_equal(mas_output_h5_write(path, &r, err), MAS_OK);
    size_t rows;
    char *stored = read_warnings(path, &rows);
    assert_int_equal(rows, 1);
    assert_non_null(strstr(stored, "dose outside the simulated time"));
    free(stored);
    mas_run_free(&r);

    /* the same scenario to day 30: both doses given, an empty /warnings */
    const char *sets[] = {"time.end=30"};
    assert_int_equal(mas_run_prepare(&r, late_dose, sets, 1, err), MAS_OK);
    assert_int_equal(mas_run_execute(&r, err), MAS_OK);
    assert_int_equal(r.warnings.n, 0);
    assert_int_equal(mas_output_h5_write(path, &r, err), MAS_OK);
    stored = read_warnings(path, &rows);
    assert_int_equal(rows, 0);
    free(stored);
    mas_run_free(&r);
    unlink(path);
    rmdir(dir);
}

/* (b) a model without a metric's variable is refused, naming both */
static void test_missing_variable_refused(void **state)
{
    (void)state;
    struct mas_model m;
    char err[MAS_ERR_LEN] = "";
    assert_int_equal(mas_model_init(&m, err), MAS_OK);
    assert_int_equal(mas_outcomes_check_model(&m, err), MAS_OK);
    size_t n = (size_t)(m.n_states + m.n_obs);
    const char **names = calloc(n, sizeof *names);
    for (int i = 0; i < m.n_states; i++)
        names[i] = mas_model_state(&m, i)->name;
    for (int i = 0; i < m.n_obs; i++)
        names[m.n_states + i] = mas_model_obs(&m, i)->name;
    assert_int_equal(mas_outcomes_check_names(names, n, err), MAS_OK);

    /* "ferritin" renamed: the first metric that needs it is named */
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], "ferritin") == 0)
            names[i] = "serum_ferritin";
    assert_int_equal(mas_outcomes_check_names(names, n, err), MAS_EINPUT);
    assert_non_null(strstr(err, "'peak_ferritin'"));
    assert_non_null(strstr(err, "'ferritin'"));

    /* a remission variable (ldh) missing */
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], "serum_ferritin") == 0)
            names[i] = "ferritin";
        else if (strcmp(names[i], "ldh") == 0)
            names[i] = "lactate_dehydrogenase";
    assert_int_equal(mas_outcomes_check_names(names, n, err), MAS_EINPUT);
    assert_non_null(strstr(err, "'remission_day'"));
    assert_non_null(strstr(err, "'ldh'"));
    free(names);
    mas_model_free(&m);
}

/* (c) more than 64 metrics: the array grows */
static void test_metrics_grow(void **state)
{
    (void)state;
    struct mas_run r;
    memset(&r, 0, sizeof r);
    for (int i = 0; i < 200; i++)
        assert_int_equal(mas_run_add_metric(&r, "m", "1", (double)i), MAS_OK);
    assert_int_equal(r.n_metrics, 200);
    assert_true(r.cap_metrics >= 200);
    for (int i = 0; i < 200; i++)
        assert_true(r.metrics[i].value == (double)i);
    assert_int_equal(r.warnings.n, 0);
    free(r.metrics);
}

/* (d) a value clamped at zero beyond -atol is a warning; round-off far
 * below atol is counted only; a clearly negative value is an error */
static void test_clamp_warns(void **state)
{
    (void)state;
    struct mas_run r;
    char err[MAS_ERR_LEN] = "";
    assert_int_equal(mas_run_prepare(&r, "scenarios/mas-sjia.yaml", NULL, 0, err), MAS_OK);
    int ns = r.model.n_states;
    double time[3] = {0.0, 1.0, 2.0};
    double *y = calloc(3 * (size_t)ns, sizeof *y);
    for (int i = 0; i < ns; i++)
        y[i] = 1.0;                                     /* scale 1: tolerance 100 atol + 1e-6 */
    y[ns + 2] = -50.0 * r.opts.atol;                    /* beyond -atol: a warning */
    y[2 * ns + 2] = -1e-30;                             /* round-off: counted */
    y[2 * ns + 3] = -1e-25;                             /* round-off: counted */
    r.n_time = 3;
    r.time = time;
    r.y = y;
    assert_int_equal(mas_run_check_nonnegative(&r, err), MAS_OK);
    assert_int_equal(r.n_clamped, 3);
    assert_true(y[ns + 2] == 0.0 && y[2 * ns + 2] == 0.0 && y[2 * ns + 3] == 0.0);
    assert_int_equal(r.warnings.n, 1);
    const char *name = mas_model_state(&r.model, 2)->name;
    char expect[160];
    snprintf(expect, sizeof expect, "state '%s' was negative beyond the absolute tolerance", name);
    assert_non_null(strstr(r.warnings.w[0].msg, expect));
    assert_non_null(strstr(r.warnings.w[0].msg, "at 1 output time from day 1 "));

    y[ns + 2] = -1.0;                                   /* far beyond the limit: an error */
    assert_int_equal(mas_run_check_nonnegative(&r, err), MAS_ESOLVER);
    assert_non_null(strstr(err, "negative concentration at t = 1 day"));
    r.time = NULL;
    r.y = NULL;
    r.n_time = 0;
    free(y);
    mas_run_free(&r);
}

/* a repeated key counts; the joined text is cut with "…" on a character */
static void test_list_counts_and_joins(void **state)
{
    (void)state;
    struct mas_warnings ws = {0};
    char buf[64], line[128];
    mas_warnings_add(&ws, "k", "first text %d", 1);
    mas_warnings_add(&ws, "k", "second text %d", 2);
    mas_warnings_add(&ws, NULL, "other");
    mas_warnings_add(&ws, NULL, "other");
    assert_int_equal(ws.n, 2);
    assert_int_equal(ws.w[0].count, 2);
    assert_string_equal(mas_warning_text(&ws, 0, line, sizeof line), "first text 1 (2 times)");
    assert_int_equal(mas_warnings_join(&ws, NULL, buf, sizeof buf),
                     strlen("first text 1 (2 times); other (2 times)"));
    assert_string_equal(buf, "first text 1 (2 times); other (2 times)");
    assert_string_equal((mas_warnings_join(&ws, "failed", buf, sizeof buf), buf),
                        "failed; first text 1 (2 times); other (2 times)");

    /* too long: cut before a 2-byte character, never inside it */
    mas_warnings_free(&ws);
    mas_warnings_add(&ws, NULL, "%s", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xC3\xA9tail");
    size_t n = mas_warnings_join(&ws, NULL, buf, sizeof buf);
    assert_int_equal(n, strlen(buf));
    assert_true(n <= sizeof buf - 1);
    assert_string_equal(buf + n - 3, "\xE2\x80\xA6");
    assert_int_equal(n, 59 + 3);                         /* the 'é' did not fit whole */
    mas_warnings_free(&ws);
    assert_int_equal(ws.n, 0);
}

/* the generated Markdown tables */
static void test_markdown(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    mas_outcomes_markdown_metrics(f);
    fclose(f);
    assert_non_null(strstr(text, "| metric | unit | definition |\n|---|---|---|\n"));
    assert_non_null(strstr(text, "| `peak_ferritin` | ng/mL | maximum of serum ferritin over the run |\n"));
    assert_non_null(strstr(text, "| `peak_ferritin_day` | day |"));
    assert_non_null(strstr(text, "| `remission_day` | day |"));
    assert_non_null(strstr(text, "`true_mas`"));
    /* The table's rows are exactly the metrics of a run, in their order,
     * then the one row for the conditions' when_K_day (a run of a scenario
     * without `when:` has none of them). */
    struct mas_run r;
    char err[MAS_ERR_LEN];
    assert_int_equal(mas_run_prepare(&r, "scenarios/mas-sjia.yaml", NULL, 0, err), MAS_OK);
    assert_int_equal(mas_run_execute(&r, err), MAS_OK);
    const char *p = text;
    int rows = 0;
    for (; (p = strstr(p, "\n| `")); rows++) {
        p += strlen("\n| `");
        if (!strncmp(p, "when_K_day`", strlen("when_K_day`"))) {
            assert_null(strstr(p, "\n| `"));      /* the last row */
            break;
        }
        assert_true(rows < r.n_metrics);
        size_t n = strcspn(p, "`");
        assert_int_equal(n, strlen(r.metrics[rows].name));
        assert_memory_equal(p, r.metrics[rows].name, n);
        const char *unit = p + n + strlen("` | ");
        size_t nu = (size_t)(strstr(unit, " |") - unit);
        assert_int_equal(nu, strlen(r.metrics[rows].unit));
        assert_memory_equal(unit, r.metrics[rows].unit, nu);
    }
    assert_int_equal(rows, r.n_metrics);       /* 37 outcome metrics, 18 of the criteria */
    mas_run_free(&r);
    free(text);

    f = open_memstream(&text, &len);
    mas_outcomes_markdown_remission(f);
    fclose(f);
    assert_null(strstr(text, "`temperature`"));         /* fever is not a remission item */
    assert_non_null(strstr(text, "| `ldh` | ≤ 450 | U/L |"));
    assert_non_null(strstr(text, "| `platelets` | ≥ 150 | 10^9/L |"));
    assert_non_null(strstr(text, "| `ferritin` | ≤ 20 % of its value at the start of treatment, or < 2000 | ng/mL |"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dose_after_end),
        cmocka_unit_test(test_missing_variable_refused),
        cmocka_unit_test(test_metrics_grow),
        cmocka_unit_test(test_clamp_warns),
        cmocka_unit_test(test_list_counts_and_joins),
        cmocka_unit_test(test_markdown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
