namespace PaymentRecords.Api.Wire;

/// <summary>Whether an error text is Stripe's own wording or our best inference (README lists the inferred ones).</summary>
public enum Wording
{
    Stripe,
    Inferred,
}

/// <summary>
/// One row of the error table: a stable key, the status/type/code, the message template, and whether it refuses a
/// request for the shape of its parameters (types, presence, limits, combinations), before any object is read or
/// written: Stripe stores no idempotent result for those (<see cref="StripeError.IsParameterError"/>).
/// </summary>
public sealed record ErrorRow(string Key, int Status, string Type, string? Code, string Template, Wording Wording, bool IsParameterError = false)
{
    /// <summary>The error this row answers, on <paramref name="param"/>, with the template's variable parts.</summary>
    public StripeError Make(string? param, params object[] args) =>
        new(Status, Type, Code, string.Format(Template, args), param) { IsParameterError = IsParameterError };
}

/// <summary>
/// The error rows one resource keeps next to its factories (e.g. <c>Invoices/InvoiceErrors.cs</c>); each set is
/// registered in <c>Hosting/PaymentRecordsApp.cs</c> (<c>ErrorRows</c>), which docs/error-messages.md and the tests read.
/// </summary>
public sealed class ErrorRowSet : IReadOnlyCollection<ErrorRow>
{
    private readonly List<ErrorRow> _rows = [];

    public int Count => _rows.Count;

    /// <summary>Adds <paramref name="row"/> and returns it, for the factory beside it.</summary>
    public ErrorRow Add(ErrorRow row)
    {
        _rows.Add(row);
        return row;
    }

    public IEnumerator<ErrorRow> GetEnumerator() => _rows.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// The transport's error table (authentication, parameters, pagination, expansion, idempotency, HTTP framing, and
/// rows several resources share); a resource's own rules keep their rows with their factories in their folder and
/// register them in <c>Hosting/PaymentRecordsApp.cs</c>. Templates use {0}, {1}… for the variable parts. Handlers
/// call the factory methods below; the unit tests render each registered row.
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
        // The same answer for an id named by a parameter (a list cursor, a price's product, a payment method's
        // customer): Stripe answers those 400, a path id 404 (recorded against Stripe; docs/error-messages.md).
        new("resource_missing_param", 400, InvalidRequest, "resource_missing", "No such {0}: '{1}'", Wording.Stripe),
        // Stripe's own spelling for an invoice item, recorded against Stripe (a test key's object is livemode=false).
        new("resource_missing_invoice_item", 404, InvalidRequest, "resource_missing", "No such Invoice Item: '{0}'(livemode=false)", Wording.Stripe),
        new("parameter_unknown", 400, InvalidRequest, "parameter_unknown", "Received unknown parameter: {0}", Wording.Stripe, IsParameterError: true),
        new("parameter_missing", 400, InvalidRequest, "parameter_missing", "Missing required param: {0}.", Wording.Stripe, IsParameterError: true),
        new("invalid_integer", 400, InvalidRequest, "parameter_invalid_integer", "Invalid integer: {0}", Wording.Stripe, IsParameterError: true),
        new("invalid_boolean", 400, InvalidRequest, null, "Invalid boolean: {0}", Wording.Stripe, IsParameterError: true),
        new("invalid_number", 400, InvalidRequest, null, "Invalid decimal: {0}", Wording.Stripe, IsParameterError: true),
        new("invalid_enum", 400, InvalidRequest, null, "Invalid {0}: must be one of {1}", Wording.Stripe, IsParameterError: true),
        new("invalid_array", 400, InvalidRequest, null, "Invalid array", Wording.Stripe, IsParameterError: true),
        new("invalid_hash", 400, InvalidRequest, null, "Invalid hash", Wording.Stripe, IsParameterError: true),
        new("invalid_string", 400, InvalidRequest, null, "Invalid string: {0}", Wording.Inferred, IsParameterError: true),
        new("invalid_parameter_name", 400, InvalidRequest, null, "Invalid parameter name: {0}", Wording.Inferred, IsParameterError: true),
        new("parameter_invalid_empty", 400, InvalidRequest, "parameter_invalid_empty",
            "You passed an empty string for '{0}'. We assume empty values are an attempt to unset a parameter; however '{0}' cannot be unset. You should remove '{0}' from your request or supply a non-empty value.", Wording.Stripe, IsParameterError: true),
        new("cursor_conflict", 400, InvalidRequest, null,
            "Received both starting_after and ending_before parameters. Please pass in only one.", Wording.Stripe),
        // No param and no code (Stripe's recorded body); a list's hint names the path under data.
        new("cannot_expand", 400, InvalidRequest, null, "This property cannot be expanded ({0}).", Wording.Stripe, IsParameterError: true),
        new("cannot_expand_list", 400, InvalidRequest, null,
            "This property cannot be expanded ({0}). You may want to try expanding 'data.{0}' instead.", Wording.Stripe, IsParameterError: true),
        new("expand_too_deep", 400, InvalidRequest, null,
            "You cannot expand more than 4 levels of a property. Property: {0}", Wording.Inferred, IsParameterError: true),
        new("metadata_too_many_keys", 400, InvalidRequest, null,
            "Invalid metadata: metadata cannot have more than 50 keys", Wording.Inferred, IsParameterError: true),
        new("metadata_key_too_long", 400, InvalidRequest, null,
            "Invalid metadata: metadata keys must be at most 40 characters long", Wording.Inferred, IsParameterError: true),
        new("metadata_value_too_long", 400, InvalidRequest, null,
            "Invalid metadata: metadata values must be at most 500 characters long", Wording.Inferred, IsParameterError: true),
        new("idempotency_key_too_long", 400, IdempotencyError, null,
            "Idempotency keys can be at most 255 characters long.", Wording.Inferred),
        new("idempotency_mismatch", 400, IdempotencyError, null,
            "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{0}' if you meant to execute a different request.", Wording.Stripe),
        new("idempotency_in_use", 409, IdempotencyError, "idempotency_key_in_use",
            "There is currently another in-progress request using this Stripe-Idempotency-Key: '{0}'. Please try again later.", Wording.Stripe),
        new("exclusive_parameters", 400, InvalidRequest, "parameters_exclusive",
            "You may only specify one of these parameters: {0}.", Wording.Stripe, IsParameterError: true),
        new("invalid_currency", 400, InvalidRequest, null,
            "Invalid currency: {0}. Stripe currently supports these currencies: {1}", Wording.Stripe, IsParameterError: true),
        new("amount_too_small", 400, InvalidRequest, "amount_too_small",
            "This value must be greater than or equal to 1.", Wording.Inferred, IsParameterError: true),
        new("amount_too_large", 400, InvalidRequest, "amount_too_large",
            "This value must be less than or equal to {0}.", Wording.Inferred, IsParameterError: true),
        new("invalid_payment_method_type", 400, InvalidRequest, null,
            "Invalid {0}: '{1}' is not a valid payment method type; must be one of {2}", Wording.Inferred, IsParameterError: true),
        new("amount_out_of_range", 400, InvalidRequest, "amount_too_large",
            "Invalid {0}: amounts must be between -99999999 and 99999999.", Wording.Inferred, IsParameterError: true),
        new("value_negative", 400, InvalidRequest, null,
            "Invalid {0}: must be greater than or equal to 0.", Wording.Inferred, IsParameterError: true),
        new("invalid_period", 400, InvalidRequest, null,
            "Invalid period: the end ({0}) must not be before the start ({1}).", Wording.Inferred, IsParameterError: true),
        new("only_valid_when", 400, InvalidRequest, null, "{0} can only be used when {1} is {2}.", Wording.Inferred, IsParameterError: true),
        new("not_supported", 400, InvalidRequest, null, "{0} is not supported by this server: {1}", Wording.Inferred),
        new("too_many_types", 400, InvalidRequest, null, "Invalid types: you may pass at most {0} values.", Wording.Inferred, IsParameterError: true),
        new("invoice_prefix_in_use", 400, InvalidRequest, null,
            "This invoice_prefix is already in use by another customer.", Wording.Inferred),
        new("invalid_invoice_prefix", 400, InvalidRequest, null,
            "Invoice number prefix must be 1–12 uppercase letters or numbers.", Wording.Stripe, IsParameterError: true),
        // Recorded against Stripe for email=5; the code is Stripe's documented one for a malformed address.
        new("invalid_email", 400, InvalidRequest, "email_invalid", "Invalid email address: {0}", Wording.Stripe, IsParameterError: true),
        // Stripe's own answer to a string past its maxLength (seen in a logged Stripe error: "Invalid string:
        // Lottery Re...iting line; must be at most 40 characters"): the value's first and last ten characters.
        new("string_too_long", 400, InvalidRequest, null, "Invalid string: {0}; must be at most {1} characters", Wording.Stripe, IsParameterError: true),
        new("value_too_long_to_index", 400, InvalidRequest, null,
            "A value in this request is too long for this server to store as a key ({0}). Send a shorter identifier or reference.", Wording.Inferred),
        new("invalid_next_invoice_sequence", 400, InvalidRequest, null,
            "Invalid next_invoice_sequence: must be at least 1", Wording.Inferred, IsParameterError: true),
        new("balance_out_of_range", 400, InvalidRequest, null,
            "Invalid balance: must be between -99999999 and 99999999", Wording.Inferred, IsParameterError: true),
        // ---- HTTP framing: limits, content types and what Kestrel refuses before the application runs
        new("request_line_too_long", 414, InvalidRequest, null,
            "The request line is too long: this server accepts at most {0} bytes for the method, the URL with its query string and the protocol. Send fewer or shorter query parameters.", Wording.Inferred),
        new("request_headers_too_large", 431, InvalidRequest, null,
            "The request headers are too large: this server accepts at most {0} bytes of request headers in total, in at most {1} header fields.", Wording.Inferred),
        new("request_body_too_large", 413, InvalidRequest, null,
            "The request body is too large: this server accepts request bodies of at most {0} bytes.", Wording.Inferred),
        new("unsupported_content_type", 400, InvalidRequest, null,
            "Invalid request: unsupported Content-Type {0}. Request bodies must be application/x-www-form-urlencoded.", Wording.Inferred),
        new("invalid_form_encoding", 400, InvalidRequest, null,
            "Invalid request: {0} is not valid application/x-www-form-urlencoded data. A % must be followed by two hexadecimal digits, and the decoded bytes must be UTF-8.", Wording.Inferred, IsParameterError: true),
        new("malformed_request", 400, InvalidRequest, null,
            "Invalid request: the HTTP request could not be parsed. Its request line or headers are malformed (for example a control character or space in the URL, an invalid header name or value, or an unsupported HTTP version).", Wording.Inferred),
        new("request_timeout", 408, InvalidRequest, null,
            "The request was not received in time: the server closed the connection while waiting for the request headers or body.", Wording.Inferred),
        new("length_required", 411, InvalidRequest, null,
            "Invalid request: a request with a body must send Content-Length or Transfer-Encoding: chunked.", Wording.Inferred),
        new("api_error", 500, ApiError, null,
            "An unknown error occurred. Please try again later.", Wording.Inferred),
    }.ToDictionary(r => r.Key);

    public static IReadOnlyCollection<ErrorRow> Rows => RowsByKey.Values;


    public static StripeError Make(string key, string? param, params object[] args) => RowsByKey[key].Make(param, args);

    public static StripeError MissingApiKey() => Make("missing_api_key", null);
    public static StripeError InvalidApiKey(string masked) => Make("invalid_api_key", null, masked);
    public static StripeError PublishableKey() => Make("publishable_key", null);
    public static StripeError InvalidStripeVersion(string v) => Make("invalid_stripe_version", null, v);
    public static StripeError UnrecognizedUrl(string method, string path) => Make("unrecognized_url", null, method, path);
    public static StripeError NoSuch(string objectName, string id, string param) =>
        objectName == "invoiceitem" ? Make("resource_missing_invoice_item", param, id) : Make("resource_missing", param, objectName, id);

    /// <summary>An id named by a request parameter (not the path) that does not exist: Stripe's 400 <c>resource_missing</c>.</summary>
    public static StripeError NoSuchParam(string objectName, string id, string param) => Make("resource_missing_param", param, objectName, id);
    public static StripeError UnknownParameter(string name) => Make("parameter_unknown", name, name);
    public static StripeError MissingParameter(string name) => Make("parameter_missing", name, name);
    public static StripeError InvalidInteger(string name, string value) => Make("invalid_integer", name, value);
    public static StripeError InvalidBoolean(string name, string value) => Make("invalid_boolean", name, value);
    public static StripeError InvalidNumber(string name, string value) => Make("invalid_number", name, value);
    public static StripeError InvalidEnum(string name, IReadOnlyList<string> allowed) =>
        Make("invalid_enum", name, name, JoinAlternatives(StripeEnumOrder.TryGetValue(string.Join(",", allowed.Order(StringComparer.Ordinal)), out var order) ? order : allowed));

    /// <summary>
    /// Stripe lists some enums in its own order, not the spec's (recorded: the invoice and subscription status
    /// filters); keyed by the values sorted, so whichever operation declares the set gets Stripe's wording.
    /// </summary>
    private static readonly Dictionary<string, string[]> StripeEnumOrder = new[]
    {
        new[] { "draft", "open", "void", "paid", "uncollectible" },
        ["active", "past_due", "unpaid", "canceled", "incomplete", "incomplete_expired", "trialing", "paused", "all", "ended"],
    }.ToDictionary(values => string.Join(",", values.Order(StringComparer.Ordinal)), StringComparer.Ordinal);
    public static StripeError InvalidArray(string name) => Make("invalid_array", name);
    public static StripeError InvalidHash(string name) => Make("invalid_hash", name);
    public static StripeError InvalidString(string name) => Make("invalid_string", name, name);
    public static StripeError InvalidParameterName(string name) => Make("invalid_parameter_name", name, name);
    public static StripeError EmptyString(string name) => Make("parameter_invalid_empty", name, name);
    public static StripeError CursorConflict() => Make("cursor_conflict", null);
    public static StripeError CannotExpand(string path) => Make("cannot_expand", null, path);
    /// <summary>A list endpoint's expand that does not start with <c>data.</c>.</summary>
    public static StripeError CannotExpandOnList(string path) => Make("cannot_expand_list", null, path);
    public static StripeError ExpandTooDeep(string path) => Make("expand_too_deep", "expand", path);
    public static StripeError IdempotencyKeyTooLong() => Make("idempotency_key_too_long", null);
    public static StripeError IdempotencyMismatch(string key) => Make("idempotency_mismatch", null, key);
    public static StripeError IdempotencyInUse(string key) => Make("idempotency_in_use", null, key);
    /// <summary>
    /// Parameters that exclude each other: Stripe names the first in <c>param</c> and lists them by their own names
    /// (recorded: <c>lines[0][amount]</c> with <c>lines[0][quantity]</c> answers "…parameters: amount, quantity." on
    /// <c>lines[0][amount]</c>; <c>product</c> with <c>product_data</c>, on <c>product</c>).
    /// </summary>
    public static StripeError Exclusive(params string[] names) =>
        Make("exclusive_parameters", names[0], string.Join(", ", names.Select(LeafName)));

    private static string LeafName(string param) =>
        param.EndsWith(']') ? param[(param.LastIndexOf('[') + 1)..^1] : param;
    public static StripeError TooManyTypes(int max) => Make("too_many_types", "types", max);
    public static StripeError InvoicePrefixInUse() => Make("invoice_prefix_in_use", "invoice_prefix");
    public static StripeError StringTooLong(string param, string value, int max) => Make("string_too_long", param, Shortened(value), max);
    public static StripeError ValueTooLongToIndex(string detail) => Make("value_too_long_to_index", null, detail);

    /// <summary>A long value as Stripe quotes it in an error: its first and last ten characters around "...".</summary>
    public static string Shortened(string value) => value.Length <= 23 ? value : string.Concat(value.AsSpan(0, 10), "...", value.AsSpan(value.Length - 10));
    public static StripeError Unexpected() => Make("api_error", null);
    public static StripeError RequestLineTooLong(int limit) => Make("request_line_too_long", null, limit);
    public static StripeError RequestHeadersTooLarge(int limit, int count) => Make("request_headers_too_large", null, limit, count);
    public static StripeError RequestBodyTooLarge(long limit) => Make("request_body_too_large", null, limit);
    public static StripeError UnsupportedContentType(string contentType) => Make("unsupported_content_type", null, contentType);
    public static StripeError InvalidFormEncoding(string text) => Make("invalid_form_encoding", null, text);
    public static StripeError MalformedRequest() => Make("malformed_request", null);
    public static StripeError RequestTimeout() => Make("request_timeout", null);
    public static StripeError LengthRequired() => Make("length_required", null);

    // Amounts, currencies, ranges and combinations several resources check.
    /// <summary>Stripe's answer names the value lowercased and lists every <paramref name="supported"/> currency (usd first).</summary>
    public static StripeError InvalidCurrency(string currency, string param, IEnumerable<string> supported) =>
        Make("invalid_currency", param, currency.ToLowerInvariant(), string.Join(", ", supported));
    public static StripeError AmountTooSmall(string param) => Make("amount_too_small", param);
    public static StripeError AmountTooLarge(string param, long max) => Make("amount_too_large", param, max);
    public static StripeError InvalidPaymentMethodType(string name, string value, IReadOnlyList<string> allowed) =>
        Make("invalid_payment_method_type", name, name, value, JoinAlternatives(allowed));
    public static StripeError AmountOutOfRange(string param) => Make("amount_out_of_range", param, param);
    public static StripeError ValueNegative(string param) => Make("value_negative", param, param);
    public static StripeError InvalidPeriod(long end, long start, string param) => Make("invalid_period", param, end, start);
    public static StripeError OnlyValidWhen(string param, string other, string value) => Make("only_valid_when", param, param, other, value);
    public static StripeError NotSupported(string param, string why) => Make("not_supported", param, param, why);


    /// <summary>"a", "a or b", "a, b, or c" — how Stripe lists allowed values.</summary>
    public static string JoinAlternatives(IReadOnlyList<string> values) => values.Count switch
    {
        0 => "",
        1 => values[0],
        2 => $"{values[0]} or {values[1]}",
        _ => string.Join(", ", values.Take(values.Count - 1)) + ", or " + values[^1],
    };
}
