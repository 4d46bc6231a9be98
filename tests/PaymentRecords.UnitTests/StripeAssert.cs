using PaymentRecords.Api.Wire;

namespace PaymentRecords.UnitTests;

/// <summary>Assertions on the Stripe errors the wire layer raises.</summary>
internal static class StripeAssert
{
    /// <summary>Runs <paramref name="action"/>, expects a <see cref="StripeException"/> and returns its error.</summary>
    public static StripeError Throws(Action action) => Assert.Throws<StripeException>(action).Error;

    /// <summary>A 400 invalid_request_error with the given message, param and (optional) code.</summary>
    public static void InvalidRequest(StripeError error, string message, string? param, string? code = null)
    {
        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal(message, error.Message);
        Assert.Equal(param, error.Param);
        Assert.Equal(code, error.Code);
    }
}
