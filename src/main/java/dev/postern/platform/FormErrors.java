package dev.postern.platform;

import org.springframework.validation.BindingResult;


/** Puts a facade's {@link InvalidInput} problems on a form, beside their fields. */
public final class FormErrors {

    private FormErrors() {
    }

    public static void reject(BindingResult form, InvalidInput invalid) {
        for (InvalidInput.Problem problem : invalid.problems()) {
            if (problem.field() != null && hasField(form, problem.field())) {
                form.rejectValue(problem.field(), problem.messageKey(), problem.arguments(), problem.messageKey());
            } else {
                form.reject(problem.messageKey(), problem.arguments(), problem.messageKey());
            }
        }
    }

    private static boolean hasField(BindingResult form, String field) {
        try {
            form.getFieldType(field);
            return form.getTarget() != null
                    && org.springframework.beans.BeanUtils.getPropertyDescriptor(form.getTarget().getClass(), field) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
