/*
 * registry.c — the modules that make up the model, in the order their
 * states appear in the global state vector.  A new mechanism is a new file
 * in models/ and one line here.
 */
#include "model.h"

extern const struct mas_module mas_module_immune;
extern const struct mas_module mas_module_humoral;
extern const struct mas_module mas_module_cytokines;
extern const struct mas_module mas_module_coagulation;
extern const struct mas_module mas_module_iron;
extern const struct mas_module mas_module_esr;
extern const struct mas_module mas_module_hematology;
extern const struct mas_module mas_module_liver;
extern const struct mas_module mas_module_clinical;
extern const struct mas_module mas_module_outcome;
extern const struct mas_module mas_module_patient;
extern const struct mas_module mas_module_emapalumab;
extern const struct mas_module mas_module_glucocorticoids;
extern const struct mas_module mas_module_signalling;
extern const struct mas_module mas_module_anakinra;
extern const struct mas_module mas_module_tocilizumab;
extern const struct mas_module mas_module_ruxolitinib;
extern const struct mas_module mas_module_cyclosporine;
extern const struct mas_module mas_module_etoposide;
extern const struct mas_module mas_module_hsct;
extern const struct mas_module mas_module_erythron;
extern const struct mas_module mas_module_transfusion;

const struct mas_module *const mas_modules[] = {
    &mas_module_immune,
    &mas_module_humoral,
    &mas_module_cytokines,
    &mas_module_coagulation,
    &mas_module_iron,
    &mas_module_esr,
    &mas_module_hematology,
    &mas_module_liver,
    &mas_module_clinical,
    &mas_module_outcome,
    &mas_module_patient,
    &mas_module_emapalumab,
    &mas_module_glucocorticoids,
    &mas_module_signalling,
    &mas_module_anakinra,
    &mas_module_tocilizumab,
    &mas_module_ruxolitinib,
    &mas_module_cyclosporine,
    &mas_module_etoposide,
    &mas_module_hsct,
    &mas_module_erythron,
    &mas_module_transfusion,
};

const int mas_n_modules = sizeof mas_modules / sizeof mas_modules[0];
