/*
 * test_sweep_worker.c — a sweep's worker wastes nothing per run and leaks
 * nothing from one run into the next.
 *
 * The binary puts its own malloc, calloc, realloc, free (and the aligned
 * ones), strcmp, strncmp, snprintf and vsnprintf in front of the C
 * library's: each counts its calls while `counting` is set and hands the
 * work to glibc (__libc_malloc ..., __vsnprintf_chk).  Every name lookup
 * of the project (mas_model_find_*, a drug, a warning key) compares
 * strings with strcmp, and every message is formatted with (v)snprintf.
 *
 * 1. After its first run, a worker's runs allocate nothing, compare no
 *    string and format nothing, on a scenario whose axes set a parameter,
 *    patient fields, the trigger, the end of the run, a therapy's start
 *    (checked for overlapping infusions) and a phase's dose.
 * 2. Each of those runs' record equals, byte for byte, the record of the
 *    same inputs computed by a new worker (mas_sweep_compute); so do a
 *    failed run's (a value out of range) and the run after it; with the
 *    msbdf stepper too.
 *
 * Under ASan (make test's second pass) the sanitizer owns malloc: part 1
 * is skipped there, part 2 still runs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "massim.h"
#include "sweep.h"

#if defined(__SANITIZE_ADDRESS__)
#define COUNTING_CALLS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define COUNTING_CALLS 0
#endif
#endif
#ifndef COUNTING_CALLS
#define COUNTING_CALLS 1
#endif

static int counting;
static unsigned long n_alloc, n_free, n_compare, n_format;

#if COUNTING_CALLS
void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t n);
void *__libc_memalign(size_t align, size_t n);
void __libc_free(void *p);
int __vsnprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *fmt, va_list ap);

void *malloc(size_t n)
{
    n_alloc += counting;
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    n_alloc += counting;
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    n_alloc += counting;
    return __libc_realloc(p, n);
}

void free(void *p)
{
    n_free += counting && p;
    __libc_free(p);
}

void *aligned_alloc(size_t align, size_t n)
{
    n_alloc += counting;
    return __libc_memalign(align, n);
}

int posix_memalign(void **p, size_t align, size_t n)
{
    n_alloc += counting;
    *p = __libc_memalign(align, n);
    return *p ? 0 : ENOMEM;
}

int strcmp(const char *a, const char *b)
{
    n_compare += counting;
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    while (*x && *x == *y) {
        x++;
        y++;
    }
    return *x - *y;
}

int strncmp(const char *a, const char *b, size_t n)
{
    n_compare += counting;
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    for (; n && *x && *x == *y; n--) {
        x++;
        y++;
    }
    return n ? *x - *y : 0;
}

int vsnprintf(char *s, size_t n, const char *fmt, va_list ap)
{
    n_format += counting;
    return __vsnprintf_chk(s, n, 0, n, fmt, ap);
}

int snprintf(char *s, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(s, n, fmt, ap);
    va_end(ap);
    return k;
}
#endif

#define SCENARIO "tests/sweeps/worker.yaml"
#define N_AXES 7

/* Inputs, in the axes' order: suppression_max, patient.weight_kg,
 * trigger.load, time.end, therapies[0].start, therapies[1].dose,
 * patient.cytotoxic_function.  The first has the longest run (the output
 * storage is sized by it). */
static const double inputs[][N_AXES] = {
    { 0.5, 25.0, 1.0, 40.0, 8.0, 10.0, 0.3 },
    { 0.8, 25.0, 1.5, 30.0, 6.0, 10.0, 0.1 },
    { 0.2, 18.0, 0.7, 35.0, 12.0, 5.0, 0.6 },
    { 0.5, 40.0, 2.5, 25.0, 3.0, 20.0, 0.05 },
    { 0.6, 25.0, 1.0, 40.0, 15.0, 0.0, 1.0 },
};
#define N_INPUTS (sizeof inputs / sizeof inputs[0])

struct fixture {
    struct mas_sweep_plan plan;
    unsigned char *rec, *fresh;
};

static void plan(struct fixture *f, const char *const *sets, int n_sets)
{
    char err[MAS_ERR_LEN] = "";
    int rc = mas_sweep_plan_init(&f->plan, SCENARIO, NULL, sets, n_sets, 0, 0, err);
    if (rc != MAS_OK)
        fail_msg("%s", err);
    assert_int_equal(f->plan.design->n_axes, N_AXES);
    f->rec = calloc(1, f->plan.record_size);
    f->fresh = calloc(1, f->plan.record_size);
    assert_non_null(f->rec);
    assert_non_null(f->fresh);
}

static void unplan(struct fixture *f)
{
    free(f->rec);
    free(f->fresh);
    mas_sweep_plan_free(&f->plan);
}

/* The record of run k by w equals the one a new worker computes. */
static void same_as_new(struct fixture *f, uint64_t k, const double *x)
{
    mas_sweep_compute(&f->plan, k, x, f->fresh);
    struct mas_record_view a, b;
    mas_record_view(&f->plan, f->rec, &a);
    mas_record_view(&f->plan, f->fresh, &b);
    if (memcmp(f->rec, f->fresh, f->plan.record_size) != 0)
        fail_msg("run %llu: the worker's record differs from a new worker's (status %d/%d, "
                 "'%s' / '%s')", (unsigned long long)k, *a.status, *b.status, a.message,
                 b.message);
}

static int status_of(struct fixture *f)
{
    struct mas_record_view v;
    mas_record_view(&f->plan, f->rec, &v);
    return *v.status;
}

static void test_no_waste_after_first_run(void **state)
{
    (void)state;
    if (!COUNTING_CALLS)
        skip();
    struct fixture f;
    plan(&f, NULL, 0);
    struct mas_sweep_worker *w = mas_sweep_worker_new(&f.plan);
    assert_non_null(w);
    mas_sweep_worker_compute(w, 0, inputs[0], f.rec);
    assert_int_equal(status_of(&f), MAS_RUN_OK);
    n_alloc = n_free = n_compare = n_format = 0;
    counting = 1;
    int bad = -1;
    for (size_t k = 1; k < N_INPUTS && bad < 0; k++) {
        mas_sweep_worker_compute(w, k, inputs[k], f.rec);
        if (status_of(&f) != MAS_RUN_OK)
            bad = (int)k;
    }
    counting = 0;
    printf("  %zu runs after the first: %lu allocations, %lu frees, %lu string "
           "comparisons, %lu formatted strings\n", N_INPUTS - 1, n_alloc, n_free, n_compare,
           n_format);
    assert_int_equal(bad, -1);
    assert_int_equal(n_alloc, 0);
    assert_int_equal(n_free, 0);
    assert_int_equal(n_compare, 0);
    assert_int_equal(n_format, 0);
    mas_sweep_worker_free(w);
    unplan(&f);
}

static void check_no_leaks_between_runs(const char *const *sets, int n_sets)
{
    struct fixture f;
    plan(&f, sets, n_sets);
    struct mas_sweep_worker *w = mas_sweep_worker_new(&f.plan);
    assert_non_null(w);
    for (size_t k = 0; k < N_INPUTS; k++) {
        mas_sweep_worker_compute(w, k, inputs[k], f.rec);
        assert_int_equal(status_of(&f), MAS_RUN_OK);
        same_as_new(&f, k, inputs[k]);
    }
    /* a value out of range fails the run with the --set message ... */
    double x[N_AXES];
    memcpy(x, inputs[1], sizeof x);
    x[6] = 1.5;
    mas_sweep_worker_compute(w, 7, x, f.rec);
    assert_int_equal(status_of(&f), MAS_RUN_INPUT_FAILED);
    struct mas_record_view v;
    mas_record_view(&f.plan, f.rec, &v);
    printf("  failed run: %s\n", v.message);
    assert_non_null(strstr(v.message, "--set patient.cytotoxic_function=1.5: "));
    same_as_new(&f, 7, x);
    /* ... and leaves nothing behind: the next run is as if new */
    mas_sweep_worker_compute(w, 8, inputs[2], f.rec);
    assert_int_equal(status_of(&f), MAS_RUN_OK);
    same_as_new(&f, 8, inputs[2]);
    mas_sweep_worker_free(w);
    unplan(&f);
}

static void test_runs_equal_new_worker(void **state)
{
    (void)state;
    check_no_leaks_between_runs(NULL, 0);
}

static void test_runs_equal_new_worker_msbdf(void **state)
{
    (void)state;
    static const char *const sets[] = { "solver.stepper=msbdf" };
    check_no_leaks_between_runs(sets, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_waste_after_first_run),
        cmocka_unit_test(test_runs_equal_new_worker),
        cmocka_unit_test(test_runs_equal_new_worker_msbdf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
