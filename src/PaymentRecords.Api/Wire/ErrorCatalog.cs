namespace PaymentRecords.Api.Wire;

/// <summary>Whether an error text is Stripe's own wording or our best inference (README lists the inferred ones).</summary>
public enum Wording
{
    Stripe,
    Inferred,
}

/// <summary>One row of the error table: a stable key, the status/type/code and the message template.</summary>
public sealed record ErrorRow(string Key, int Status, string Type, string? Code, string Template, Wording Wording);

/// <summary>
/// Every error text the server produces, in one table. Templates use {0}, {1}… for the variable parts.
/// Handlers call the factory methods below; the unit tests render each row.
/// </summary>
public static class ErrorCatalog
{
    public const string InvalidRequest = "invalid_request_error";
    public const string ApiError = "api_error";
    public const string IdempotencyError = "idempotency_error";

    private static readonly Dictionary<string, ErrorRow> RowsByKey = new List<ErrorRow>
    {
        new("missing_api_key", 401, InvalidRequest, null,
            "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.", Wording.Stripe),
        new("invalid_api_key", 401, InvalidRequest, null, "Invalid API Key provided: {0}", Wording.Stripe),
        new("publishable_key", 401, InvalidRequest, null,
            "This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.", Wording.Stripe),
        new("invalid_stripe_version", 400, InvalidRequest, null,
            "Invalid Stripe API version: {0}. Stripe-Version must look like YYYY-MM-DD or YYYY-MM-DD.name.", Wording.Inferred),
        new("unrecognized_url", 404, InvalidRequest, null,
            "Unrecognized request URL ({0}: {1}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.", Wording.Stripe),
        new("resource_missing", 404, InvalidRequest, "resource_missing", "No such {0}: '{1}'", Wording.Stripe),
        new("parameter_unknown", 400, InvalidRequest, "parameter_unknown", "Received unknown parameter: {0}", Wording.Stripe),
        new("parameter_missing", 400, InvalidRequest, "parameter_missing", "Missing required param: {0}.", Wording.Stripe),
        new("invalid_integer", 400, InvalidRequest, "parameter_invalid_integer", "Invalid integer: {0}", Wording.Stripe),
        new("invalid_boolean", 400, InvalidRequest, null, "Invalid boolean: {0}", Wording.Stripe),
        new("invalid_number", 400, InvalidRequest, null, "Invalid decimal: {0}", Wording.Stripe),
        new("invalid_enum", 400, InvalidRequest, null, "Invalid {0}: must be one of {1}", Wording.Stripe),
        new("invalid_array", 400, InvalidRequest, null, "Invalid array", Wording.Stripe),
        new("invalid_hash", 400, InvalidRequest, null, "Invalid hash", Wording.Stripe),
        new("invalid_string", 400, InvalidRequest, null, "Invalid string: {0}", Wording.Inferred),
        new("invalid_parameter_name", 400, InvalidRequest, null, "Invalid parameter name: {0}", Wording.Inferred),
        new("parameter_invalid_empty", 400, InvalidRequest, "parameter_invalid_empty",
            "You passed an empty string for '{0}'. We assume empty values are an attempt to unset a parameter; however '{0}' cannot be unset. You should remove '{0}' from your request or supply a non-empty value.", Wording.Stripe),
        new("invalid_limit", 400, InvalidRequest, null, "Invalid limit: must be between 1 and 100", Wording.Inferred),
        new("cursor_conflict", 400, InvalidRequest, null,
            "You may only specify one of these parameters: ending_before, starting_after.", Wording.Inferred),
        new("cannot_expand", 400, InvalidRequest, null, "This property cannot be expanded ({0}).", Wording.Stripe),
        new("expand_too_deep", 400, InvalidRequest, null,
            "You cannot expand more than 4 levels of a property. Property: {0}", Wording.Inferred),
        new("metadata_too_many_keys", 400, InvalidRequest, null,
            "Invalid metadata: metadata cannot have more than 50 keys", Wording.Inferred),
        new("metadata_key_too_long", 400, InvalidRequest, null,
            "Invalid metadata: metadata keys must be at most 40 characters long", Wording.Inferred),
        new("metadata_value_too_long", 400, InvalidRequest, null,
            "Invalid metadata: metadata values must be at most 500 characters long", Wording.Inferred),
        new("idempotency_key_too_long", 400, IdempotencyError, null,
            "Idempotency keys can be at most 255 characters long.", Wording.Inferred),
        new("idempotency_mismatch", 400, IdempotencyError, null,
            "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{0}' if you meant to execute a different request.", Wording.Stripe),
        new("idempotency_in_use", 409, IdempotencyError, "idempotency_key_in_use",
            "There is currently another in-progress request using this Stripe-Idempotency-Key: '{0}'. Please try again later.", Wording.Stripe),
        new("exclusive_parameters", 400, InvalidRequest, "parameters_exclusive",
            "You may only specify one of these parameters: {0}.", Wording.Stripe),
        new("invalid_value", 400, InvalidRequest, null, "{0}", Wording.Inferred),
        new("invalid_currency", 400, InvalidRequest, null,
            "Invalid currency: {0}. Stripe currently supports these currencies: see https://stripe.com/docs/currencies.", Wording.Inferred),
        new("amount_too_small", 400, InvalidRequest, "amount_too_small",
            "This value must be greater than or equal to 1.", Wording.Inferred),
        new("amount_too_large", 400, InvalidRequest, "amount_too_large",
            "This value must be less than or equal to {0}.", Wording.Inferred),
        new("outcome_details_unexpected", 400, InvalidRequest, null,
            "You passed {0}, but outcome is {1}. {0} can only be passed when outcome is {2}.", Wording.Inferred),
        new("payment_attempt_not_initiated", 400, InvalidRequest, null,
            "The latest payment attempt ({0}) on payment record {1} is already {2}. Only an initiated payment attempt can be reported as {3}.", Wording.Inferred),
        new("payment_attempt_not_allowed", 400, InvalidRequest, null,
            "A new payment attempt can only be reported when the latest payment attempt has failed or was canceled. The latest payment attempt ({0}) on payment record {1} is {2}.", Wording.Inferred),
        new("payment_record_not_refundable", 400, InvalidRequest, null,
            "Payment record {0} has no guaranteed payment attempt to refund. Its latest payment attempt ({1}) is {2}.", Wording.Inferred),
        new("payment_record_fully_refunded", 400, InvalidRequest, null,
            "Payment record {0} has already been fully refunded.", Wording.Inferred),
        new("refund_exceeds_refundable", 400, InvalidRequest, "amount_too_large",
            "The refund amount ({0}) is greater than the amount that can still be refunded on payment record {1} ({2}).", Wording.Inferred),
        new("refund_currency_mismatch", 400, InvalidRequest, null,
            "The refund currency ({0}) must match the currency of payment record {1} ({2}).", Wording.Inferred),
        new("refund_reference_in_use", 400, InvalidRequest, "resource_already_exists",
            "A refund with this refund_reference has already been reported. Each refund_reference must be unique.", Wording.Inferred),
        new("api_error", 500, ApiError, null,
            "An unknown error occurred. Please try again later.", Wording.Inferred),
    }.ToDictionary(r => r.Key);

    public static IReadOnlyCollection<ErrorRow> Rows => RowsByKey.Values;

    public static StripeError Make(string key, string? param, params object[] args)
    {
        var row = RowsByKey[key];
        return new StripeError(row.Status, row.Type, row.Code, string.Format(row.Template, args), param);
    }

    public static StripeError MissingApiKey() => Make("missing_api_key", null);
    public static StripeError InvalidApiKey(string masked) => Make("invalid_api_key", null, masked);
    public static StripeError PublishableKey() => Make("publishable_key", null);
    public static StripeError InvalidStripeVersion(string v) => Make("invalid_stripe_version", null, v);
    public static StripeError UnrecognizedUrl(string method, string path) => Make("unrecognized_url", null, method, path);
    public static StripeError NoSuch(string objectName, string id, string param) => Make("resource_missing", param, objectName, id);
    public static StripeError UnknownParameter(string name) => Make("parameter_unknown", name, name);
    public static StripeError MissingParameter(string name) => Make("parameter_missing", name, name);
    public static StripeError InvalidInteger(string name, string value) => Make("invalid_integer", name, value);
    public static StripeError InvalidBoolean(string name, string value) => Make("invalid_boolean", name, value);
    public static StripeError InvalidNumber(string name, string value) => Make("invalid_number", name, value);
    public static StripeError InvalidEnum(string name, IReadOnlyList<string> allowed) =>
        Make("invalid_enum", name, name, JoinAlternatives(allowed));
    public static StripeError InvalidArray(string name) => Make("invalid_array", name);
    public static StripeError InvalidHash(string name) => Make("invalid_hash", name);
    public static StripeError InvalidString(string name) => Make("invalid_string", name, name);
    public static StripeError InvalidParameterName(string name) => Make("invalid_parameter_name", name, name);
    public static StripeError EmptyString(string name) => Make("parameter_invalid_empty", name, name);
    public static StripeError InvalidLimit() => Make("invalid_limit", "limit");
    public static StripeError CursorConflict() => Make("cursor_conflict", "starting_after");
    public static StripeError CannotExpand(string path) => Make("cannot_expand", "expand", path);
    public static StripeError ExpandTooDeep(string path) => Make("expand_too_deep", "expand", path);
    public static StripeError IdempotencyKeyTooLong() => Make("idempotency_key_too_long", null);
    public static StripeError IdempotencyMismatch(string key) => Make("idempotency_mismatch", null, key);
    public static StripeError IdempotencyInUse(string key) => Make("idempotency_in_use", null, key);
    public static StripeError Exclusive(params string[] names) => Make("exclusive_parameters", null, string.Join(", ", names));
    public static StripeError Invalid(string message, string? param = null, string? code = null) =>
        new(400, InvalidRequest, code, message, param);
    public static StripeError Unexpected() => Make("api_error", null);

    // Payment records: state-machine and amount errors (Stripe's wording for these is unknown).
    public static StripeError InvalidCurrency(string currency, string param) => Make("invalid_currency", param, currency);
    public static StripeError AmountTooSmall(string param) => Make("amount_too_small", param);
    public static StripeError AmountTooLarge(string param, long max) => Make("amount_too_large", param, max);
    public static StripeError OutcomeDetailsUnexpected(string given, string? outcome, string expectedOutcome) =>
        Make("outcome_details_unexpected", given, given, outcome ?? "not set", expectedOutcome);
    public static StripeError PaymentAttemptNotInitiated(string attemptId, string recordId, string status, string outcome, string param) =>
        Make("payment_attempt_not_initiated", param, attemptId, recordId, status, outcome);
    public static StripeError PaymentAttemptNotAllowed(string attemptId, string recordId, string status) =>
        Make("payment_attempt_not_allowed", "initiated_at", attemptId, recordId, status);
    public static StripeError PaymentRecordNotRefundable(string recordId, string attemptId, string status) =>
        Make("payment_record_not_refundable", "outcome", recordId, attemptId, status);
    public static StripeError PaymentRecordFullyRefunded(string recordId) => Make("payment_record_fully_refunded", "amount", recordId);
    public static StripeError RefundExceedsRefundable(long amount, string recordId, long refundable) =>
        Make("refund_exceeds_refundable", "amount[value]", amount, recordId, refundable);
    public static StripeError RefundCurrencyMismatch(string currency, string recordId, string recordCurrency) =>
        Make("refund_currency_mismatch", "amount[currency]", currency, recordId, recordCurrency);
    public static StripeError RefundReferenceInUse() =>
        Make("refund_reference_in_use", "processor_details[custom][refund_reference]");

    /// <summary>"a", "a or b", "a, b, or c" — how Stripe lists allowed values.</summary>
    public static string JoinAlternatives(IReadOnlyList<string> values) => values.Count switch
    {
        0 => "",
        1 => values[0],
        2 => $"{values[0]} or {values[1]}",
        _ => string.Join(", ", values.Take(values.Count - 1)) + ", or " + values[^1],
    };
}
