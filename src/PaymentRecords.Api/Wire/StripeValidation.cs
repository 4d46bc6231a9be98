using FluentValidation;

namespace PaymentRecords.Api.Wire;

/// <summary>
/// Runs an endpoint's FluentValidation rules over its coerced parameters and raises the first failure as a
/// Stripe error: the rule's property name is the <c>param</c>, its error code the Stripe <c>code</c>.
/// </summary>
public static class StripeValidation
{
    public static void ValidateOrThrow<T>(this IValidator<T> validator, T value)
    {
        var result = validator.Validate(value);
        if (result.IsValid) return;
        var failure = result.Errors[0];
        var code = failure.ErrorCode is { Length: > 0 } c && !c.EndsWith("Validator", StringComparison.Ordinal) ? c : null;
        throw new StripeException(ErrorCatalog.Invalid(failure.ErrorMessage, failure.PropertyName, code));
    }
}
