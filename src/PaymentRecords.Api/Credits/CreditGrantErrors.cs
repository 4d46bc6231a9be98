using PaymentRecords.Api.Wire;

namespace PaymentRecords.Api.Credits;

/// <summary>The credit grant errors, each a row with its factory; registered in <c>Hosting/PaymentRecordsApp.cs</c>.</summary>
public static class CreditGrantErrors
{
    /// <summary>Registered in <c>Hosting/PaymentRecordsApp.cs</c> (<c>ErrorRows</c>).</summary>
    public static readonly ErrorRowSet Rows = new();

    private static readonly ErrorRow AmountNotPositiveRow = Rows.Add(new("credit_grant_amount_not_positive", 400, ErrorCatalog.InvalidRequest, "amount_too_small",
        "The credit grant amount must be a positive integer.", Wording.Inferred, IsParameterError: true));
    public static StripeError AmountNotPositive() => AmountNotPositiveRow.Make("amount[monetary][value]");

    private static readonly ErrorRow MonetaryMissingRow = Rows.Add(new("credit_grant_monetary_missing", 400, ErrorCatalog.InvalidRequest, "parameter_missing",
        "amount[monetary] is required when amount[type] is monetary.", Wording.Inferred, IsParameterError: true));
    public static StripeError MonetaryMissing() => MonetaryMissingRow.Make("amount[monetary]");

    private static readonly ErrorRow ScopeNotOneRow = Rows.Add(new("credit_grant_scope_not_one", 400, ErrorCatalog.InvalidRequest, null,
        "Exactly one of applicability_config[scope][price_type] or applicability_config[scope][prices] must be provided.", Wording.Inferred, IsParameterError: true));
    public static StripeError ScopeNotOne() => ScopeNotOneRow.Make("applicability_config[scope]");

    private static readonly ErrorRow PriceNotMeteredRow = Rows.Add(new("credit_grant_price_not_metered", 400, ErrorCatalog.InvalidRequest, null,
        "Credit grants can only apply to metered prices, and {0} is not a metered price.", Wording.Inferred));
    public static StripeError PriceNotMetered(string? price) => PriceNotMeteredRow.Make("applicability_config[scope][prices]", price ?? "");

    private static readonly ErrorRow PriorityRow = Rows.Add(new("credit_grant_priority_range", 400, ErrorCatalog.InvalidRequest, null,
        "priority must be an integer between 0 and 100.", Wording.Inferred, IsParameterError: true));
    public static StripeError PriorityOutOfRange() => PriorityRow.Make("priority");

    private static readonly ErrorRow ExpiresRow = Rows.Add(new("credit_grant_expires_at", 400, ErrorCatalog.InvalidRequest, null,
        "expires_at must be in the future and after the credit grant's effective_at.", Wording.Inferred));
    public static StripeError ExpiresNotAfterEffective() => ExpiresRow.Make("expires_at");

    private static readonly ErrorRow VoidedRow = Rows.Add(new("credit_grant_voided", 400, ErrorCatalog.InvalidRequest, null,
        "This credit grant has been voided and can no longer be changed.", Wording.Inferred));
    public static StripeError Voided() => VoidedRow.Make(null);

    private static readonly ErrorRow AppliedRow = Rows.Add(new("credit_grant_applied", 400, ErrorCatalog.InvalidRequest, null,
        "This credit grant has been applied to an invoice and can't be voided. You can expire its remaining credits instead.", Wording.Inferred));
    public static StripeError Applied() => AppliedRow.Make(null);

    private static readonly ErrorRow TooManyUnusedRow = Rows.Add(new("credit_grant_limit", 400, ErrorCatalog.InvalidRequest, null,
        "This customer already has {0} unused credit grants, the most a customer can have at a time.", Wording.Inferred));
    public static StripeError TooManyUnused() => TooManyUnusedRow.Make("customer", Domain.Credits.CreditGrant.MaxUnusedPerCustomer);

    private static readonly ErrorRow ExpiredRow = Rows.Add(new("credit_grant_expired", 400, ErrorCatalog.InvalidRequest, null,
        "This credit grant has expired and can no longer be changed.", Wording.Inferred));
    public static StripeError Expired() => ExpiredRow.Make(null);

    private static readonly ErrorRow FilterGrantMissingRow = Rows.Add(new("credit_balance_filter_grant_missing", 400, ErrorCatalog.InvalidRequest, "parameter_missing",
        "filter[credit_grant] is required when filter[type] is credit_grant.", Wording.Inferred, IsParameterError: true));
    public static StripeError FilterGrantMissing() => FilterGrantMissingRow.Make("filter[credit_grant]");

    private static readonly ErrorRow FilterScopeMissingRow = Rows.Add(new("credit_balance_filter_scope_missing", 400, ErrorCatalog.InvalidRequest, "parameter_missing",
        "filter[applicability_scope] with one of price_type or prices is required when filter[type] is applicability_scope.", Wording.Inferred, IsParameterError: true));
    public static StripeError FilterScopeMissing() => FilterScopeMissingRow.Make("filter[applicability_scope]");
}
