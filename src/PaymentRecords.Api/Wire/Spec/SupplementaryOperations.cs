namespace PaymentRecords.Api.Wire.Spec;

/// <summary>
/// Operations real Stripe has but spec3.invoicing.json (the invoicing subset) leaves out, declared by hand from
/// Stripe's API reference in the same shape as the generated <see cref="StripeOperations"/>. Keep this list short:
/// each entry is something an issue asked for that the subset cannot describe.
/// </summary>
public static class SupplementaryOperations
{
    /// <summary><c>GET /v1/customers/{customer}/balance_transactions</c>: a customer's balance ledger, newest first.</summary>
    public static readonly OperationSpec GetCustomersCustomerBalanceTransactions =
        new("GET", "/v1/customers/{customer}/balance_transactions", [
            new("created", ParamKind.Object, Properties: [
                new("gt", ParamKind.Integer),
                new("gte", ParamKind.Integer),
                new("lt", ParamKind.Integer),
                new("lte", ParamKind.Integer),
            ], AlsoInteger: true),
            new("ending_before", ParamKind.String),
            new("expand", ParamKind.Array, Items: new("", ParamKind.String)),
            new("invoice", ParamKind.String),
            new("limit", ParamKind.Integer),
            new("starting_after", ParamKind.String),
        ]);

    /// <summary><c>GET /v1/customers/{customer}/balance_transactions/{transaction}</c>.</summary>
    public static readonly OperationSpec GetCustomersCustomerBalanceTransactionsTransaction =
        new("GET", "/v1/customers/{customer}/balance_transactions/{transaction}", [
            new("expand", ParamKind.Array, Items: new("", ParamKind.String)),
        ]);

    public static IReadOnlyList<OperationSpec> All { get; } =
    [
        GetCustomersCustomerBalanceTransactions,
        GetCustomersCustomerBalanceTransactionsTransaction,
    ];

    public static OperationSpec? Find(string method, string pathTemplate) =>
        All.FirstOrDefault(o => o.Method == method.ToUpperInvariant() && o.Path == pathTemplate);
}
