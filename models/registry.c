/*
 * registry.c — the modules that make up the model, in the order their
 * states appear in the global state vector.  A new mechanism is a new file
 * in models/ and one line here.
 */
#include "model.h"

extern const struct mas_module mas_module_immune;
extern const struct mas_module mas_module_cytokines;
extern const struct mas_module mas_module_coagulation;
extern const struct mas_module mas_module_iron;
extern const struct mas_module mas_module_esr;
extern const struct mas_module mas_module_hematology;
extern const struct mas_module mas_module_liver;
extern const struct mas_module mas_module_clinical;

const struct mas_module *const mas_modules[] = {
    &mas_module_immune,
    &mas_module_cytokines,
    &mas_module_coagulation,
    &mas_module_iron,
    &mas_module_esr,
    &mas_module_hematology,
    &mas_module_liver,
    &mas_module_clinical,
};

const int mas_n_modules = sizeof mas_modules / sizeof mas_modules[0];
