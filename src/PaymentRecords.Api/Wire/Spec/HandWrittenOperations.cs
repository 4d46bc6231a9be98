namespace PaymentRecords.Api.Wire.Spec;

/// <summary>
/// Operations written by hand, because spec3.invoicing.json (rebuilt from stripe-node v19.3.1's typings for this
/// subset) has no payment_attempt_records paths and no payment_attempt_record schema, although the SDKs call them:
/// Stripe.net 53.1.0 <c>client.V1.PaymentAttemptRecords.GetAsync/ListAsync</c> and stripe-node
/// <c>paymentAttemptRecords.retrieve/list</c>. The parameters follow stripe-node's
/// <c>PaymentAttemptRecordRetrieveParams</c> and <c>PaymentAttemptRecordListParams</c> exactly (the list takes
/// <c>payment_record</c>*, <c>expand</c>, <c>limit</c> and <c>starting_after</c>; no <c>ending_before</c>).
/// They live here, not in the generated <see cref="StripeOperations"/>, so regenerating never drops them.
/// </summary>
public static class HandWrittenOperations
{
    /// <summary><c>GET /v1/payment_attempt_records</c>: the attempts of one payment record, newest first.</summary>
    public static readonly OperationSpec GetPaymentAttemptRecords = new("GET", "/v1/payment_attempt_records", [
        new("payment_record", ParamKind.String, Required: true),
        new("expand", ParamKind.Array, Items: new("", ParamKind.String)),
        new("limit", ParamKind.Integer),
        new("starting_after", ParamKind.String),
    ]);

    /// <summary><c>GET /v1/payment_attempt_records/{id}</c>: one payment attempt record.</summary>
    public static readonly OperationSpec GetPaymentAttemptRecordsId = new("GET", "/v1/payment_attempt_records/{id}", [
        new("expand", ParamKind.Array, Items: new("", ParamKind.String)),
    ]);

    public static IReadOnlyList<OperationSpec> All { get; } = [GetPaymentAttemptRecords, GetPaymentAttemptRecordsId];

    /// <summary>The hand-written operation for a method (any case) and path template; null when none.</summary>
    public static OperationSpec? Find(string method, string pathTemplate) =>
        All.FirstOrDefault(o => o.Method == method.ToUpperInvariant() && o.Path == pathTemplate);
}
