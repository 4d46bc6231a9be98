using FluentValidation;
using PaymentRecords.Api.Wire;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Money;

namespace PaymentRecords.Api.Customers;

/// <summary>Rules for customer create/update beyond the spec's types; texts are rows of <see cref="ErrorCatalog"/>.</summary>
public sealed class CustomerParamsValidator : AbstractValidator<StripeParams>
{
    public const int MaxEmailLength = 512;
    public const int MaxNameLength = 256;

    /// <summary>
    /// Something@somewhere with no spaces. Stripe's own rule is not published (it refuses "5"); this one refuses only
    /// what cannot be an address, so no address Stripe takes is refused here.
    /// </summary>
    public static bool LooksLikeEmail(string email)
    {
        var at = email.IndexOf('@');
        return at > 0 && at == email.LastIndexOf('@') && at < email.Length - 1 && !email.Any(char.IsWhiteSpace);
    }

    public CustomerParamsValidator()
    {
        RuleFor(p => p.String("invoice_prefix"))
            .Must(prefix => prefix is null || Customer.IsValidInvoicePrefix(prefix))
            .OverridePropertyName("invoice_prefix").WithStripeError("invalid_invoice_prefix");
        RuleFor(p => p.String("email")).MaxStripeLength("email", MaxEmailLength);
        RuleFor(p => p.String("email")).Must(email => string.IsNullOrEmpty(email) || LooksLikeEmail(email))
            .OverridePropertyName("email").WithErrorCode("invalid_email").WithState(p => new object[] { p.String("email")! });
        RuleFor(p => p.String("name")).MaxStripeLength("name", MaxNameLength);
        RuleFor(p => p.Long("next_invoice_sequence")).Must(n => n is null or >= 1)
            .OverridePropertyName("next_invoice_sequence").WithStripeError("invalid_next_invoice_sequence");
        // Invoice totals add the balance to line sums; the same bound as every amount keeps them exact.
        RuleFor(p => p.Long("balance")).Must(b => b is null or >= -Currencies.MaxAmount and <= Currencies.MaxAmount)
            .OverridePropertyName("balance").WithStripeError("balance_out_of_range");
    }
}
