namespace PaymentRecords.Api.Wire.Spec;

/// <summary>
/// Operations real Stripe has but spec/spec3.subset.json (the subset generated from stripe-node v19.3.1's
/// typings) leaves out, declared by hand in the same shape as the generated <see cref="StripeOperations"/>, so
/// regenerating never drops them. Keep this list short: each entry is something an issue asked for that the
/// subset cannot describe.
/// <list type="bullet">
/// <item>The customer balance ledger, from Stripe's API reference.</item>
/// <item>Payment attempt records (no path and no schema in the subset, although Stripe.net 53.1.0 calls
/// <c>client.V1.PaymentAttemptRecords.GetAsync/ListAsync</c>): parameters exactly as stripe-node's
/// <c>PaymentAttemptRecordRetrieveParams</c> and <c>PaymentAttemptRecordListParams</c> (the list takes
/// <c>payment_record</c>*, <c>expand</c>, <c>limit</c> and <c>starting_after</c>; no <c>ending_before</c>).</item>
/// </list>
/// </summary>
public static class SupplementaryOperations
{
    /// <summary>A list parameter exactly as the spec gives it to every Stripe list (created, limit, cursors).</summary>
    private static ParamSpec ListParam(string name) => StripeOperations.GetCustomers.Parameters.Single(p => p.Name == name);

    private static readonly ParamSpec Expand = ListParam("expand");

    /// <summary><c>GET /v1/customers/{customer}/balance_transactions</c>: a customer's balance ledger, newest first.</summary>
    public static readonly OperationSpec GetCustomersCustomerBalanceTransactions =
        new("GET", "/v1/customers/{customer}/balance_transactions", [
            ListParam("created"),
            ListParam("ending_before"),
            Expand,
            new("invoice", ParamKind.String),
            ListParam("limit"),
            ListParam("starting_after"),
        ]);

    /// <summary><c>GET /v1/customers/{customer}/balance_transactions/{transaction}</c>.</summary>
    public static readonly OperationSpec GetCustomersCustomerBalanceTransactionsTransaction =
        new("GET", "/v1/customers/{customer}/balance_transactions/{transaction}", [
            Expand,
        ]);

    /// <summary><c>GET /v1/payment_attempt_records</c>: the attempts of one payment record, newest first.</summary>
    public static readonly OperationSpec GetPaymentAttemptRecords = new("GET", "/v1/payment_attempt_records", [
        new("payment_record", ParamKind.String, Required: true),
        Expand,
        new("limit", ParamKind.Integer),
        new("starting_after", ParamKind.String),
    ]);

    /// <summary><c>GET /v1/payment_attempt_records/{id}</c>: one payment attempt record.</summary>
    public static readonly OperationSpec GetPaymentAttemptRecordsId = new("GET", "/v1/payment_attempt_records/{id}", [
        Expand,
    ]);

    public static IReadOnlyList<OperationSpec> All { get; } =
    [
        GetCustomersCustomerBalanceTransactions,
        GetCustomersCustomerBalanceTransactionsTransaction,
        GetPaymentAttemptRecords,
        GetPaymentAttemptRecordsId,
    ];

    /// <summary>The operation for a method (any case) and path template; null when none.</summary>
    public static OperationSpec? Find(string method, string pathTemplate) =>
        All.FirstOrDefault(o => o.Method == method.ToUpperInvariant() && o.Path == pathTemplate);
}
