/*
 * hsct.c — allogeneic haematopoietic stem cell transplantation as a
 * procedure: on the day given, donor haematopoiesis starts to engraft
 * (a two-stage delay), and donor chimerism restores the genetic cytotoxic
 * capacity the patient lacks (immune.c reads donor_chimerism).
 * docs/model.md §12.8.
 */
#include "kinetics.h"
#include "model.h"

enum { S_GIVEN, S_GRAFT, S_CHIMERISM, N_STATES };
enum { P_ENGRAFT_DAYS, N_PARAMS };

static const struct mas_state_def states[] = {
    [S_GIVEN] = {"hsct_given", "1", 0.0, "1 from the day of the transplant (set by the schedule)"},
    [S_GRAFT] = {"graft_expansion", "1", 0.0, "engrafting donor haematopoiesis (intermediate stage)"},
    [S_CHIMERISM] = {"donor_chimerism", "1", 0.0, "donor fraction of lymphocytes (restores cytotoxic function)"},
};

static const struct mas_param_def params[] = {
    [P_ENGRAFT_DAYS] = {"hsct_engraftment_days", 21.0, "d", "calibrated: mean time to donor engraftment ~3 weeks (neutrophil engraftment typically 2-4 weeks)", MAS_RANGE_POSITIVE},
};

static const struct mas_drug drugs[] = {
    {.name = "hsct", .procedure_state = "hsct_given"},
};

_Static_assert(sizeof states / sizeof states[0] == N_STATES, "state table");
_Static_assert(sizeof params / sizeof params[0] == N_PARAMS, "parameter table");

/* Two first-order stages of mean delay engraftment_days / 2 each. */
static double stage_rate(const double *p)
{
    return 2.0 / p[P_ENGRAFT_DAYS];
}

static void rhs(const struct mas_ctx *c, double t, const double *y, double *dy)
{
    (void)t;
    double k = stage_rate(c->p);
    dy[c->ix[S_GRAFT]] += k * (y[c->ix[S_GIVEN]] - y[c->ix[S_GRAFT]]);
    dy[c->ix[S_CHIMERISM]] += k * (y[c->ix[S_GRAFT]] - y[c->ix[S_CHIMERISM]]);
}

static void jac(const struct mas_ctx *c, double t, const double *y, double *J)
{
    (void)t;
    (void)y;
    double k = stage_rate(c->p);
    MAS_J(c, J, c->ix[S_GRAFT], c->ix[S_GIVEN]) += k;
    MAS_J(c, J, c->ix[S_GRAFT], c->ix[S_GRAFT]) += -k;
    MAS_J(c, J, c->ix[S_CHIMERISM], c->ix[S_GRAFT]) += k;
    MAS_J(c, J, c->ix[S_CHIMERISM], c->ix[S_CHIMERISM]) += -k;
}

const struct mas_module mas_module_hsct = {
    .name = "hsct",
    .doc = "haematopoietic stem cell transplantation: engraftment delay, donor chimerism",
    .states = states, .n_states = N_STATES,
    .params = params, .n_params = N_PARAMS,
    .drugs = drugs, .n_drugs = 1,
    .rhs = rhs, .jac = jac,
};
