using PaymentRecords.Domain.PaymentMethods;

namespace PaymentRecords.Application.PaymentMethods;

/// <summary>A refused attach, detach or update; the endpoint maps it to Stripe's error (<paramref name="Param"/>: the parameter it names, if any).</summary>
public sealed class PaymentMethodRefused(PaymentMethodRefusal reason, string? param = null) : Exception($"payment method refused: {reason}")
{
    public PaymentMethodRefusal Reason { get; } = reason;
    public string? Param { get; } = param;

    /// <summary>Throws when the domain refused.</summary>
    public static void ThrowIf(PaymentMethodRefusal? refusal, string? param = null)
    {
        if (refusal is { } reason) throw new PaymentMethodRefused(reason, param);
    }
}
