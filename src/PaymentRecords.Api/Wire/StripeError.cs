using System.Text.Json.Nodes;

namespace PaymentRecords.Api.Wire;

/// <summary>Stripe's error envelope, <c>{"error":{type, code, message, param, doc_url}}</c>, with its HTTP status.</summary>
public sealed record StripeError(int Status, string Type, string? Code, string Message, string? Param = null)
{
    public string? DocUrl => Code is null ? null : $"https://stripe.com/docs/error-codes/{Code.Replace('_', '-')}";

    /// <summary>
    /// The request was refused for the shape of its parameters, before anything ran: Stripe stores no idempotent
    /// result for such a refusal, so a retry with the same key and corrected parameters runs. Not sent on the wire.
    /// </summary>
    public bool IsParameterError { get; init; }

    public JsonObject ToJson()
    {
        var error = new JsonObject();
        if (Code is not null) error["code"] = Code;
        if (DocUrl is not null) error["doc_url"] = DocUrl;
        error["message"] = Message;
        if (Param is not null) error["param"] = Param;
        error["type"] = Type;
        return new JsonObject { ["error"] = error };
    }
}

/// <summary>Thrown anywhere below an endpoint to answer with a Stripe error; the pipeline rolls back first.</summary>
public sealed class StripeException(StripeError error) : Exception(error.Message)
{
    public StripeError Error { get; } = error;
}
