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

    /// <summary>
    /// A string parameter of at most <paramref name="max"/> characters (Stripe's maxLength), answered as Stripe
    /// answers a longer one (<see cref="ErrorCatalog.StringTooLong"/>).
    /// </summary>
    public static IRuleBuilderOptions<StripeParams, string?> MaxStripeLength(this IRuleBuilder<StripeParams, string?> rule, string param, int max) =>
        rule.MaximumLength(max).OverridePropertyName(param).WithErrorCode("string_too_long")
            .WithState(p => new object[] { ErrorCatalog.Shortened(p.String(param) ?? ""), max });

    /// <summary>The same check outside a validator: throws Stripe's error when <paramref name="value"/> is longer than <paramref name="max"/>.</summary>
    public static void RequireMaxLength(string? value, string param, int max)
    {
        if (value is { Length: var length } && length > max) throw new StripeException(ErrorCatalog.StringTooLong(param, value, max));
    }

    /// <summary>The error table row (and its template arguments) this rule answers with when it fails.</summary>
    public static IRuleBuilderOptions<T, TProperty> WithStripeError<T, TProperty>(
        this IRuleBuilderOptions<T, TProperty> rule, string rowKey, params object[] args) =>
        rule.WithErrorCode(rowKey).WithState(_ => args);
}
