/*
 * scenario_fit.c — reads a scenario's `fit:` section (docs/fitting.md)
 * into a struct mas_fit_spec: the parameters to estimate (settable paths
 * with bounds, scale and prior) and the observed variables with their
 * error models.  `massim run` and `massim sweep` ignore the section;
 * `massim fit` needs it.  Uses the YAML helpers of scenario.c.
 */
#include "scenario_rules.h"

#include "fit.h"
#include "massim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const fit_keys[] = { "parameters", "observables", "starts", "profiles",
                                        "rtol", "method", NULL };
static const char *const methods[] = { "lm", "lmaccel", NULL };
static const char *const param_keys[] = { "path", "lower", "upper", "scale", "prior", "per",
                                          NULL };
/* per: all (one value shared by every patient, the default) or patient */
static const char *const pers[] = { "all", "patient", NULL };
static const char *const prior_keys[] = { "mean", "sd", NULL };
static const char *const obs_keys[] = { "name", "variable", "error", "sigma", "additive",
                                        "proportional", NULL };
static const char *const scales[] = { "log", "linear", NULL };
static const char *const errors[] = { "proportional", "additive", "combined", NULL };

static const char *text(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

static int is_scalar(const yaml_node_t *n)
{
    return n->type == YAML_SCALAR_NODE && !mas_rd_is_null(n);
}

static int plain(const yaml_node_t *n, double *v)
{
    char *end;
    if (!is_scalar(n))
        return 0;
    *v = strtod(text(n), &end);
    return end != text(n) && *end == '\0' && isfinite(*v);
}

static int number(struct mas_reader *r, yaml_node_t *map, const char *where, const char *key,
                  double *v, int required)
{
    char buf[80];
    yaml_node_t *n = mas_rd_lookup(r, map, key);
    if (!n)
        return required ? mas_rd_fail(r, map, "%s: missing required key '%s'", where, key)
                        : MAS_OK;
    if (!plain(n, v))
        return mas_rd_fail(r, n, "%s.%s: expected a number, found %s", where, key,
                           mas_rd_describe(n, buf, sizeof buf));
    return MAS_OK;
}

static int choice(struct mas_reader *r, yaml_node_t *n, const char *where, const char *key,
                  const char *const *names, int *out)
{
    char buf[80];
    if (!is_scalar(n))
        return mas_rd_fail(r, n, "%s.%s: expected one of %s, %s, found %s", where, key,
                           names[0], names[1], mas_rd_describe(n, buf, sizeof buf));
    for (int i = 0; names[i]; i++)
        if (!strcmp(text(n), names[i])) {
            *out = i;
            return MAS_OK;
        }
    const char *near = mas_rd_suggest(text(n), names);
    return mas_rd_fail(r, n, "%s.%s: unknown %s '%s'%s%s%s", where, key, key, text(n),
                       near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
}

/* A bound: bare in the path's unit, or a quantity (mas_path_value). */
static int bound(struct mas_reader *r, yaml_node_t *map, const char *where, const char *key,
                 const struct mas_path *p, double *v)
{
    char buf[80], msg[MAS_ERR_LEN];
    yaml_node_t *n = mas_rd_lookup(r, map, key);
    if (!n)
        return mas_rd_fail(r, map, "%s: missing required key '%s' (a bound in %s)", where, key,
                           p->unit);
    if (!is_scalar(n))
        return mas_rd_fail(r, n, "%s.%s: expected a value in %s, found %s", where, key, p->unit,
                           mas_rd_describe(n, buf, sizeof buf));
    if (mas_path_value(r->s, r->m, p, text(n), v, msg))
        return mas_rd_fail(r, n, "%s.%s: %s", where, key, msg);
    if (mas_path_try(r->s, r->m, p, *v, msg))
        return mas_rd_fail(r, n, "%s.%s: %s", where, key, msg);
    return MAS_OK;
}

static int read_param(struct mas_reader *r, yaml_node_t *map, struct mas_fit_spec *f, int i)
{
    char where[48], buf[80], msg[MAS_ERR_LEN];
    struct mas_fit_param *q = &f->params[i];
    struct mas_path p;
    int rc, scale = MAS_FIT_LOG;
    snprintf(where, sizeof where, "fit.parameters[%d]", i);
    if (map->type != YAML_MAPPING_NODE)
        return mas_rd_fail(r, map, "%s: expected a mapping (path:, lower:, upper:), found %s",
                           where, mas_rd_describe(map, buf, sizeof buf));
    if ((rc = mas_rd_check_keys(r, map, "in a fit parameter", param_keys)))
        return rc;
    q->line = (int)map->start_mark.line + 1;
    q->col = (int)map->start_mark.column + 1;
    yaml_node_t *n = mas_rd_lookup(r, map, "path");
    if (!n)
        return mas_rd_fail(r, map, "%s: missing required key 'path' (a parameter or a "
                           "settable path, as for --set)", where);
    if (!is_scalar(n) || strlen(text(n)) >= sizeof q->path)
        return mas_rd_fail(r, n, "%s.path: expected a path, found %s", where,
                           mas_rd_describe(n, buf, sizeof buf));
    if (mas_path_resolve(r->s, r->m, text(n), &p, msg))
        return mas_rd_fail(r, n, "%s.path: %s", where, msg);
    for (int k = 0; k < i; k++)
        if (!strcmp(f->params[k].path, text(n)))
            return mas_rd_fail(r, n, "%s.path: '%s' is estimated twice (also "
                               "fit.parameters[%d])", where, text(n), k);
    strcpy(q->path, text(n));
    snprintf(q->unit, sizeof q->unit, "%s", p.unit);
    if ((rc = bound(r, map, where, "lower", &p, &q->lower))
        || (rc = bound(r, map, where, "upper", &p, &q->upper)))
        return rc;
    if ((n = mas_rd_lookup(r, map, "scale")) && (rc = choice(r, n, where, "scale", scales, &scale)))
        return rc;
    q->scale = (enum mas_fit_scale)scale;
    if ((n = mas_rd_lookup(r, map, "per")) && (rc = choice(r, n, where, "per", pers, &q->per_patient)))
        return rc;
    if (!(q->lower < q->upper))
        return mas_rd_fail(r, mas_rd_lookup(r, map, "upper"), "%s: lower (%g) must be below "
                           "upper (%g)", where, q->lower, q->upper);
    if (q->scale == MAS_FIT_LOG && !(q->lower > 0))
        return mas_rd_fail(r, mas_rd_lookup(r, map, "lower"), "%s.lower: %g; a parameter "
                           "searched on a log scale needs lower > 0 (or scale: linear)", where,
                           q->lower);
    if (!(n = mas_rd_lookup(r, map, "prior")))
        return MAS_OK;
    char pw[64];
    snprintf(pw, sizeof pw, "%s.prior", where);
    if (n->type != YAML_MAPPING_NODE)
        return mas_rd_fail(r, n, "%s: expected {mean: M, sd: S} on the parameter's scale, "
                           "found %s", pw, mas_rd_describe(n, buf, sizeof buf));
    if ((rc = mas_rd_check_keys(r, n, "in a prior", prior_keys))
        || (rc = number(r, n, pw, "mean", &q->prior_mean, 1))
        || (rc = number(r, n, pw, "sd", &q->prior_sd, 1)))
        return rc;
    if (!(q->prior_sd > 0))
        return mas_rd_fail(r, mas_rd_lookup(r, n, "sd"), "%s.sd must be > 0, found %g", pw,
                           q->prior_sd);
    q->has_prior = 1;
    return MAS_OK;
}

static const char *var_unit(const struct mas_model *m, int state, int obs)
{
    return state >= 0 ? mas_model_state(m, state)->unit : mas_model_obs(m, obs)->unit;
}

static int read_obs(struct mas_reader *r, yaml_node_t *map, struct mas_fit_spec *f, int i)
{
    char where[48], buf[80];
    struct mas_fit_obs *o = &f->obs[i];
    int rc, error = MAS_FIT_PROPORTIONAL, is_obs;
    snprintf(where, sizeof where, "fit.observables[%d]", i);
    if (map->type != YAML_MAPPING_NODE)
        return mas_rd_fail(r, map, "%s: expected a mapping (name:, error: ...), found %s",
                           where, mas_rd_describe(map, buf, sizeof buf));
    if ((rc = mas_rd_check_keys(r, map, "in a fit observable", obs_keys)))
        return rc;
    o->line = (int)map->start_mark.line + 1;
    o->col = (int)map->start_mark.column + 1;
    yaml_node_t *n = mas_rd_lookup(r, map, "name"), *v = mas_rd_lookup(r, map, "variable");
    if (!n)
        return mas_rd_fail(r, map, "%s: missing required key 'name' (the observable's name "
                           "in the data file)", where);
    if (!is_scalar(n) || strlen(text(n)) >= sizeof o->name)
        return mas_rd_fail(r, n, "%s.name: expected a name, found %s", where,
                           mas_rd_describe(n, buf, sizeof buf));
    for (int k = 0; k < i; k++)
        if (!strcmp(f->obs[k].name, text(n)))
            return mas_rd_fail(r, n, "%s.name: '%s' twice (also fit.observables[%d])", where,
                               text(n), k);
    strcpy(o->name, text(n));
    yaml_node_t *vn = v ? v : n;
    if (!is_scalar(vn) || strlen(text(vn)) >= sizeof o->variable)
        return mas_rd_fail(r, vn, "%s.variable: expected a state or observable, found %s",
                           where, mas_rd_describe(vn, buf, sizeof buf));
    int k = mas_model_find_var(r->m, text(vn), &is_obs);
    if (k < 0) {
        const char *near = mas_model_suggest_var(r->m, text(vn));
        return mas_rd_fail(r, vn, "%s.%s: '%s' is not a state or observable of the model%s%s%s"
                           " (`massim states` lists them; map a data name with variable:)",
                           where, v ? "variable" : "name", text(vn), near ? "; did you mean '" : "",
                           near ? near : "", near ? "'?" : "");
    }
    strcpy(o->variable, text(vn));
    o->state = is_obs ? -1 : k;
    o->obs = is_obs ? k : -1;
    snprintf(o->unit, sizeof o->unit, "%s", var_unit(r->m, o->state, o->obs));
    if ((n = mas_rd_lookup(r, map, "error")) && (rc = choice(r, n, where, "error", errors, &error)))
        return rc;
    o->error = (enum mas_fit_error)error;
    o->sigma = NAN;
    o->additive = o->proportional = NAN;
    if (o->error == MAS_FIT_COMBINED) {
        if ((rc = number(r, map, where, "additive", &o->additive, 1))
            || (rc = number(r, map, where, "proportional", &o->proportional, 1)))
            return rc;
        if (mas_rd_key(r, map, "sigma"))
            return mas_rd_fail(r, mas_rd_key(r, map, "sigma"), "%s: a combined error model "
                               "takes additive and proportional, not sigma", where);
        if (!(o->additive > 0 && o->proportional >= 0))
            return mas_rd_fail(r, map, "%s: additive must be > 0 (in %s) and proportional "
                               ">= 0", where, o->unit);
        return MAS_OK;
    }
    for (int j = 0; j < 2; j++) {
        yaml_node_t *x = mas_rd_key(r, map, j ? "proportional" : "additive");
        if (x)
            return mas_rd_fail(r, x, "%s: '%s' is for error: combined; this error model takes "
                               "sigma (or none: estimated)", where, j ? "proportional" : "additive");
    }
    if ((rc = number(r, map, where, "sigma", &o->sigma, 0)))
        return rc;
    if (mas_rd_lookup(r, map, "sigma") && !(o->sigma > 0))
        return mas_rd_fail(r, mas_rd_lookup(r, map, "sigma"), "%s.sigma must be > 0, found %g",
                           where, o->sigma);
    return MAS_OK;
}

static int read_list(struct mas_reader *r, yaml_node_t *root, const char *key, int max,
                     int *n, int (*one)(struct mas_reader *, yaml_node_t *, struct mas_fit_spec *,
                                        int), struct mas_fit_spec *f)
{
    char buf[80];
    yaml_node_t *list = mas_rd_lookup(r, root, key);
    if (!list)
        return mas_rd_fail(r, root, "fit: missing required key '%s'", key);
    if (list->type != YAML_SEQUENCE_NODE
        || list->data.sequence.items.top == list->data.sequence.items.start)
        return mas_rd_fail(r, list, "fit.%s: expected a non-empty list, found %s", key,
                           list->type == YAML_SEQUENCE_NODE ? "an empty list"
                           : mas_rd_describe(list, buf, sizeof buf));
    long count = list->data.sequence.items.top - list->data.sequence.items.start;
    if (count > max)
        return mas_rd_fail(r, list, "fit.%s: %ld entries; at most %d", key, count, max);
    for (*n = 0; *n < count; (*n)++) {
        int rc = one(r, mas_rd_node(r, list->data.sequence.items.start[*n]), f, *n);
        if (rc)
            return rc;
    }
    return MAS_OK;
}

int mas_rd_fit(struct mas_reader *r, yaml_node_t *map)
{
    char buf[80];
    int rc;
    if (map->type != YAML_MAPPING_NODE)
        return mas_rd_fail(r, map, "fit: expected a mapping (parameters:, observables:), "
                           "found %s", mas_rd_describe(map, buf, sizeof buf));
    if ((rc = mas_rd_check_keys(r, map, "in fit", fit_keys)))
        return rc;
    struct mas_fit_spec *f = calloc(1, sizeof *f);
    if (!f)
        return mas_fail(r->err, MAS_EIO, "out of memory");
    r->s->fit = f;
    f->starts = 8;
    f->profiles = 1;
    f->rtol = 1e-8;
    if ((rc = read_list(r, map, "parameters", MAS_FIT_MAX_PARAMS, &f->n_params, read_param, f))
        || (rc = read_list(r, map, "observables", MAS_FIT_MAX_OBS, &f->n_obs, read_obs, f)))
        return rc;
    yaml_node_t *n;
    double v;
    if ((n = mas_rd_lookup(r, map, "starts"))) {
        if (!plain(n, &v) || v != floor(v) || v < 0 || v > MAS_FIT_MAX_STARTS)
            return mas_rd_fail(r, n, "fit.starts: expected a whole number from 0 to %d, "
                               "found %s", MAS_FIT_MAX_STARTS, mas_rd_describe(n, buf, sizeof buf));
        f->starts = (int)v;
    }
    f->profiles = (1u << f->n_params) - 1u;
    if ((n = mas_rd_lookup(r, map, "profiles")) && n->type == YAML_SEQUENCE_NODE) {
        f->profiles = 0;
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++) {
            yaml_node_t *e = mas_rd_node(r, *it);
            int j = 0;
            while (j < f->n_params && !(is_scalar(e) && !strcmp(text(e), f->params[j].path)))
                j++;
            if (j == f->n_params)
                return mas_rd_fail(r, e, "fit.profiles: %s is not a path of fit.parameters",
                                   mas_rd_describe(e, buf, sizeof buf));
            f->profiles |= 1u << j;
        }
    } else if (n) {
        if (!is_scalar(n) || (strcmp(text(n), "true") && strcmp(text(n), "false")))
            return mas_rd_fail(r, n, "fit.profiles: expected true, false or a list of "
                               "parameter paths, found %s", mas_rd_describe(n, buf, sizeof buf));
        if (!strcmp(text(n), "false"))
            f->profiles = 0;
    }
    int method = 0;
    if ((n = mas_rd_lookup(r, map, "method")) && (rc = choice(r, n, "fit", "method", methods, &method)))
        return rc;
    f->accel = method == 1;
    if ((n = mas_rd_lookup(r, map, "rtol"))) {
        if (!plain(n, &v) || !(v >= 1e-12 && v <= 1e-3))
            return mas_rd_fail(r, n, "fit.rtol: expected a number from 1e-12 to 1e-3, found %s",
                               mas_rd_describe(n, buf, sizeof buf));
        f->rtol = v;
    }
    return MAS_OK;
}
