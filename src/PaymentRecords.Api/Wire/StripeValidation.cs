using FluentValidation;

namespace PaymentRecords.Api.Wire;

/// <summary>
/// Runs an endpoint's FluentValidation rules over its coerced parameters and raises the first failure as a
/// Stripe error. Rules name their error table row with <see cref="WithStripeError{T,TProperty}"/>, so every
/// text still comes from <see cref="ErrorCatalog"/>; the rule's property name is the <c>param</c>.
/// </summary>
public static class StripeValidation
{
    public static void ValidateOrThrow<T>(this IValidator<T> validator, T value)
    {
        var result = validator.Validate(value);
        if (result.IsValid) return;
        var failure = result.Errors[0];
        var args = failure.CustomState as object[] ?? [];
        throw new StripeException(ErrorCatalog.Make(failure.ErrorCode, failure.PropertyName, args));
    }

    /// <summary>The error table row (and its template arguments) this rule answers with when it fails.</summary>
    public static IRuleBuilderOptions<T, TProperty> WithStripeError<T, TProperty>(
        this IRuleBuilderOptions<T, TProperty> rule, string rowKey, params object[] args) =>
        rule.WithErrorCode(rowKey).WithState(_ => args);
}
