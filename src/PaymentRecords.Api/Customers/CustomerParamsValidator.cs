using FluentValidation;
using PaymentRecords.Api.Wire;
using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Api.Customers;

/// <summary>Rules for customer create/update beyond the spec's types.</summary>
public sealed class CustomerParamsValidator : AbstractValidator<StripeParams>
{
    public CustomerParamsValidator()
    {
        RuleFor(p => p.String("invoice_prefix"))
            .Must(prefix => prefix is null || Customer.IsValidInvoicePrefix(prefix))
            .WithMessage("Invalid invoice_prefix: must be 3-12 uppercase letters or numbers.")
            .OverridePropertyName("invoice_prefix");
        RuleFor(p => p.String("email")).MaximumLength(512).OverridePropertyName("email")
            .WithMessage("Invalid email: must be at most 512 characters");
        RuleFor(p => p.String("name")).MaximumLength(256).OverridePropertyName("name")
            .WithMessage("Invalid name: must be at most 256 characters");
        RuleFor(p => p.Long("next_invoice_sequence"))
            .Must(n => n is null or >= 1).OverridePropertyName("next_invoice_sequence")
            .WithMessage("Invalid next_invoice_sequence: must be at least 1");
        RuleFor(p => p.String("currency"))
            .Must(c => c is null || c.Length == 3).OverridePropertyName("currency")
            .WithMessage("Invalid currency");
    }
}
