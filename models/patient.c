/*
 * patient.c — the patient's body size, as parameters the drug modules read
 * (weight-based volumes and clearances; body surface area for mg/m² doses is
 * computed by the dosing code from the same fields).  Set from the
 * scenario's patient.weight_kg and patient.height_cm.  No states.
 */
#include "model.h"

enum { P_WEIGHT, P_HEIGHT, N_PARAMS };

static const struct mas_param_def params[] = {
    [P_WEIGHT] = {"body_weight_kg", 25.0, "kg", "patient: scenario patient.weight_kg (default: a school-age child)", MAS_RANGE_BODY_WEIGHT},
    [P_HEIGHT] = {"body_height_cm", 125.0, "cm", "patient: scenario patient.height_cm (default: a school-age child)", MAS_RANGE_BODY_HEIGHT},
};

_Static_assert(sizeof params / sizeof params[0] == N_PARAMS, "parameter table");

const struct mas_module mas_module_patient = {
    .name = "patient",
    .doc = "body weight and height (from the scenario's patient)",
    .params = params, .n_params = N_PARAMS,
};
