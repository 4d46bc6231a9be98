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
        // ---- invoices, invoice items, customer balance
        new("invoice_already_finalized", 400, InvalidRequest, "status_transition_invalid",
            "This invoice is already finalized, you can't re-finalize a non-draft invoice.", Wording.Stripe),
        new("invoice_already_paid", 400, InvalidRequest, "status_transition_invalid", "Invoice is already paid", Wording.Stripe),
        new("invoice_transition_invalid", 400, InvalidRequest, "status_transition_invalid",
            "You can't {0} an invoice whose status is {1}; only {2} invoices can be {3}.", Wording.Inferred),
        new("invoice_delete_not_draft", 400, InvalidRequest, "status_transition_invalid",
            "You can only delete draft invoices. This invoice is {0}; void it instead.", Wording.Inferred),
        new("invoice_not_editable", 400, InvalidRequest, "invoice_not_editable",
            "This invoice is {0}: {1} can only be changed while the invoice is a draft.", Wording.Inferred),
        new("invoice_lines_not_editable", 400, InvalidRequest, "invoice_not_editable",
            "Invoice {0} is {1}: lines can only be added to a draft invoice.", Wording.Inferred),
        new("invoice_item_not_editable", 400, InvalidRequest, "invoice_not_editable",
            "This invoice item is on invoice {0}, which is {1}: the item can no longer be changed or deleted.", Wording.Inferred),
        new("invoice_no_payment_method", 400, InvalidRequest, null,
            "This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://stripe.com/docs/billing/subscriptions/payment-methods-setting#payment-method-priority.", Wording.Inferred),
        new("invoice_too_many_items", 400, InvalidRequest, null,
            "An invoice can have at most 250 invoice items.", Wording.Inferred),
        new("invoice_item_currency_mismatch", 400, InvalidRequest, null,
            "The currency of the invoice item ({0}) must match the currency of invoice {1} ({2}).", Wording.Inferred),
        new("invoice_item_customer_mismatch", 400, InvalidRequest, null,
            "The invoice item's customer ({0}) must be the customer of invoice {1} ({2}).", Wording.Inferred),
        new("invoice_item_not_pending", 400, InvalidRequest, null,
            "Invoice item {0} is already on invoice {1}; only pending invoice items can be added.", Wording.Inferred),
        new("invalid_payment_method_type", 400, InvalidRequest, null,
            "Invalid {0}: '{1}' is not a valid payment method type; must be one of {2}", Wording.Inferred),
        new("amount_out_of_range", 400, InvalidRequest, "amount_too_large",
            "Invalid {0}: amounts must be between -99999999 and 99999999.", Wording.Inferred),
        new("value_negative", 400, InvalidRequest, null,
            "Invalid {0}: must be greater than or equal to 0.", Wording.Inferred),
        new("invalid_period", 400, InvalidRequest, null,
            "Invalid period: the end ({0}) must not be before the start ({1}).", Wording.Inferred),
        new("send_invoice_only", 400, InvalidRequest, null,
            "{0} can only be set on invoices with collection_method=send_invoice.", Wording.Inferred),
        new("stripe_tax_inactive", 400, InvalidRequest, "stripe_tax_inactive",
            "Stripe Tax has not been activated on your account. Please visit https://stripe.com/docs/tax/set-up to get started.", Wording.Inferred),
        new("application_fee_not_allowed", 400, InvalidRequest, null,
            "Can only apply an application_fee_amount when the request is made on behalf of another account (using an OAuth key, the Stripe-Account header, or the transfer_data[destination] parameter).", Wording.Inferred),
        // ---- credit notes
        new("credit_note_invoice_status", 400, InvalidRequest, null,
            "Credit notes can only be issued for invoices that are open, paid or uncollectible. Invoice {0} is {1}.", Wording.Inferred),
        new("credit_note_amount_missing", 400, InvalidRequest, "parameter_missing",
            "One of amount, lines, shipping_cost or refunds must be provided to issue a credit note.", Wording.Inferred),
        new("credit_note_amount_not_positive", 400, InvalidRequest, "amount_too_small",
            "The credit note amount must be greater than 0.", Wording.Inferred),
        new("credit_note_exceeds_invoice", 400, InvalidRequest, "amount_too_large",
            "The credit note amount ({0}) is greater than the amount that can still be credited on invoice {1} ({2}). Credit notes can total at most the invoice total.", Wording.Inferred),
        new("credit_note_post_payment_exceeds_paid", 400, InvalidRequest, "amount_too_large",
            "The post-payment amount of this credit note ({0}) is greater than the amount paid on invoice {1} that has not been credited yet ({2}).", Wording.Inferred),
        new("credit_note_allocation_mismatch", 400, InvalidRequest, null,
            "The sum of refunds, refund_amount, credit_amount and out_of_band_amount ({0}) must equal the post-payment amount of the credit note ({1}).", Wording.Inferred),
        new("credit_note_refund_amount_unsupported", 400, InvalidRequest, null,
            "refund_amount cannot be used: this invoice has no Stripe charge to refund, because its payments were made outside Stripe. Refund through your processor, report it with report_refund, and cite it with refunds[][type]=payment_record_refund (or use credit_amount or out_of_band_amount).", Wording.Inferred),
        new("only_valid_when", 400, InvalidRequest, null, "{0} can only be used when {1} is {2}.", Wording.Inferred),
        new("credit_note_record_not_attached", 400, InvalidRequest, null,
            "Payment record {0} is not attached to invoice {1}. Only refunds of payment records attached to the invoice can be cited.", Wording.Inferred),
        new("credit_note_unknown_refund_group", 400, InvalidRequest, null,
            "No refund with refund_reference '{0}' was reported on payment record {1}.", Wording.Inferred),
        new("credit_note_refund_group_exhausted", 400, InvalidRequest, null,
            "The refund group '{0}' of payment record {1} has already been fully cited by other credit notes.", Wording.Inferred),
        new("credit_note_refund_exceeds_group", 400, InvalidRequest, "amount_too_large",
            "amount_refunded ({0}) is greater than the amount of refund group '{1}' not yet cited by other credit notes ({2}).", Wording.Inferred),
        new("credit_note_amount_lines_mismatch", 400, InvalidRequest, null,
            "The credit note amount ({0}) must equal the sum of its lines ({1}).", Wording.Inferred),
        new("credit_note_line_exceeds", 400, InvalidRequest, "amount_too_large",
            "The amount to credit ({0}) is greater than what is left to credit on invoice line {1} ({2}).", Wording.Inferred),
        new("credit_note_line_quantity_exceeds", 400, InvalidRequest, null,
            "The quantity to credit ({0}) is greater than the quantity of invoice line {1} ({2}).", Wording.Inferred),
        new("credit_note_balance_currency", 400, InvalidRequest, null,
            "credit_amount cannot be used: the customer's balance is in {0}, and invoice {1} is in {2}.", Wording.Inferred),
        new("credit_note_already_void", 400, InvalidRequest, null, "Credit note {0} has already been voided.", Wording.Inferred),
        new("credit_note_void_reopens", 400, InvalidRequest, null,
            "Credit note {0} cannot be voided: its pre-payment amount ({1}) is what paid invoice {2}, and a paid invoice cannot be reopened.", Wording.Inferred),
        new("credit_note_void_changes_overpayment", 400, InvalidRequest, null,
            "Credit note {0} cannot be voided: invoice {1} is overpaid by {2}, which was credited to the customer's balance; voiding the note would change its amount_overpaid to {3} and leave that credit without a cause.", Wording.Inferred),
        new("not_supported", 400, InvalidRequest, null, "{0} is not supported by this server: {1}", Wording.Inferred),
        // ---- invoice payments (attach_payment)
        new("attach_payment_source_missing", 400, InvalidRequest, null,
            "You must pass either payment_intent or payment_record to attach a payment to an invoice.", Wording.Inferred),
        new("invoice_attach_payment_status", 400, InvalidRequest, "status_transition_invalid",
            "You can't attach a payment to an invoice whose status is {0}; payments can only be attached to open or uncollectible invoices.", Wording.Inferred),
        new("payment_record_currency_mismatch", 400, InvalidRequest, null,
            "The currency of payment record {0} ({1}) must match the currency of invoice {2} ({3}).", Wording.Inferred),
        new("payment_record_customer_mismatch", 400, InvalidRequest, null,
            "Payment record {0} belongs to customer {1}, but invoice {2} is for customer {3}. A payment record can only pay invoices of its own customer.", Wording.Inferred),
        new("payment_record_already_attached", 400, InvalidRequest, null,
            "Payment record {0} is already attached to invoice {1}. A payment record can only pay one invoice.", Wording.Inferred),
        new("payment_record_already_attached_elsewhere", 400, InvalidRequest, null,
            "This payment record is already attached to another invoice. A payment record can only pay one invoice.", Wording.Inferred),
        new("invoice_has_payments", 400, InvalidRequest, "status_transition_invalid",
            "You can't {0} invoice {1} because it has {2} invoice payments. {3}", Wording.Inferred),
        new("too_many_types", 400, InvalidRequest, null, "Invalid types: you may pass at most {0} values.", Wording.Inferred),
        new("invoice_prefix_in_use", 400, InvalidRequest, null,
            "This invoice_prefix is already in use by another customer.", Wording.Inferred),
        new("invalid_invoice_prefix", 400, InvalidRequest, null,
            "Invalid invoice_prefix: must be 3-12 uppercase letters or numbers.", Wording.Inferred),
        new("string_too_long", 400, InvalidRequest, null, "Invalid {0}: must be at most {1} characters", Wording.Inferred),
        new("invalid_next_invoice_sequence", 400, InvalidRequest, null,
            "Invalid next_invoice_sequence: must be at least 1", Wording.Inferred),
        new("balance_out_of_range", 400, InvalidRequest, null,
            "Invalid balance: must be between -99999999 and 99999999", Wording.Inferred),
        // ---- products, prices
        new("product_has_prices", 400, InvalidRequest, null,
            "This product cannot be deleted because it has one or more user-created prices.", Wording.Stripe),
        new("product_id_in_use", 400, InvalidRequest, "resource_already_exists",
            "Product already exists.", Wording.Inferred),
        new("default_price_other_product", 400, InvalidRequest, null,
            "The price specified ({0}) does not belong to this product. Only a price of product {1} can be its default_price.", Wording.Inferred),
        new("default_price_inactive", 400, InvalidRequest, null,
            "The price specified ({0}) is archived (active=false). An archived price cannot be a product's default_price.", Wording.Inferred),
        new("price_lookup_key_in_use", 400, InvalidRequest, "lookup_key_already_exists",
            "A price ({0}) already uses that lookup key. Pass transfer_lookup_key=true to move the lookup key to this price.", Wording.Inferred),
        new("price_lookup_key_taken", 400, InvalidRequest, "lookup_key_already_exists",
            "Another price already uses that lookup key. Pass transfer_lookup_key=true to move the lookup key to this price.", Wording.Inferred),
        new("price_interval_too_long", 400, InvalidRequest, null,
            "Invalid recurring[interval_count]: the maximum billing interval is one year (1 year, 12 months, 52 weeks or 365 days).", Wording.Inferred),
        new("price_tax_behavior_fixed", 400, InvalidRequest, null,
            "The tax_behavior of price {0} is already {1}; it can only be set while it is unspecified.", Wording.Inferred),
        new("price_not_for_sale", 400, InvalidRequest, null,
            "The price specified ({0}) is inactive. This field only accepts active prices.", Wording.Inferred),
        new("price_currency_mismatch_invoice", 400, InvalidRequest, null,
            "The currency of the price ({0}) must match the currency of invoice {1} ({2}).", Wording.Inferred),
        new("price_currency_mismatch_item", 400, InvalidRequest, null,
            "The currency of the price ({0}) must match the currency of the invoice item ({1}).", Wording.Inferred),
        // ---- payment methods
        new("payment_method_type_unsupported", 400, InvalidRequest, null,
            "Invalid type: this server only creates PaymentMethods of type custom (custom[type]=cpmt_...), for payments processed outside Stripe. '{0}' PaymentMethods are created and processed by Stripe itself.", Wording.Inferred),
        new("invalid_custom_payment_method_type", 400, InvalidRequest, null,
            "Invalid custom[type]: '{0}' is not a custom payment method type ID. Custom payment method types are created in the Dashboard and have IDs starting with cpmt_.", Wording.Inferred),
        new("payment_method_consumed", 400, InvalidRequest, null,
            "This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.", Wording.Stripe),
        new("payment_method_already_attached", 400, InvalidRequest, null,
            "The payment method you provided has already been attached to a customer.", Wording.Inferred),
        new("payment_method_not_attached", 400, InvalidRequest, null,
            "The payment method you provided is not attached to a customer so detachment is impossible.", Wording.Stripe),
        new("customer_payment_method_not_attached", 400, InvalidRequest, null,
            "The customer does not have a payment method with the ID {0}. The payment method must be attached to the customer.", Wording.Stripe),
        // ---- subscriptions
        new("subscription_price_not_recurring", 400, InvalidRequest, null,
            "The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.", Wording.Stripe),
        new("subscription_currency_mismatch", 400, InvalidRequest, null,
            "All prices on a subscription must be in one currency: {0} is in {1}, the subscription's other prices in {2}.", Wording.Inferred),
        new("subscription_duplicate_price", 400, InvalidRequest, null,
            "Cannot add multiple subscription items with the same price: {0}.", Wording.Inferred),
        new("subscription_error_if_incomplete", 400, InvalidRequest, null,
            "payment_behavior=error_if_incomplete needs the first invoice paid during this request, and this server charges nothing: the payment is reported (payment records) and attached afterwards. Use payment_behavior=default_incomplete (or allow_incomplete) and attach the payment record to the subscription's latest_invoice.", Wording.Inferred),
        new("subscription_ended", 400, InvalidRequest, null,
            "The subscription {0} is {1}: it can no longer be updated or canceled.", Wording.Inferred),
        new("subscription_update_error_if_incomplete", 400, InvalidRequest, null,
            "payment_behavior=error_if_incomplete needs this change's invoice paid during the request, and this server charges nothing: the payment is reported (payment records) and attached afterwards. Use payment_behavior=allow_incomplete (or default_incomplete) and attach the payment record to the subscription's latest_invoice.", Wording.Inferred),
        new("trial_conflict", 400, InvalidRequest, null,
            "You may only specify one of these parameters: trial_end, trial_period_days.", Wording.Inferred),
        new("cancel_at_conflict", 400, InvalidRequest, null,
            "You may only specify one of these parameters: cancel_at, cancel_at_period_end.", Wording.Inferred),
        new("subscription_not_in_future", 400, InvalidRequest, null,
            "Invalid timestamp: must be an integer Unix timestamp in the future.", Wording.Inferred),
        new("subscription_trial_too_long", 400, InvalidRequest, null,
            "Trials can be at most {0} days long.", Wording.Inferred),
        new("subscription_items_incomplete", 400, InvalidRequest, null,
            "You cannot update a subscription in `incomplete` status in a way that results in new invoice items or a new invoice. Pay its first invoice ({0}) first.", Wording.Inferred),
        new("subscription_last_item", 400, InvalidRequest, null,
            "A subscription must have at least one active plan. To cancel a subscription, please use the cancel API endpoint on /v1/subscriptions.", Wording.Inferred),
        new("subscription_too_many_items", 400, InvalidRequest, null,
            "A subscription can have at most {0} items.", Wording.Inferred),
        new("subscription_interval_change", 400, InvalidRequest, null,
            "The price {0} bills at another interval than the item it replaces: changing the interval resets the billing cycle, which this server does not build. Add the price in a new subscription instead.", Wording.Inferred),
        new("subscription_proration_date", 400, InvalidRequest, null,
            "proration_date must be within the current billing period of every item the change prorates.", Wording.Inferred),
        new("subscription_item_other_subscription", 400, InvalidRequest, null,
            "The subscription item {0} does not belong to the subscription {1}.", Wording.Inferred),
        new("invoice_delete_subscription", 400, InvalidRequest, null,
            "You can't delete invoices created by subscriptions.", Wording.Stripe),
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
            "Invalid request: {0} is not valid application/x-www-form-urlencoded data. A % must be followed by two hexadecimal digits, and the decoded bytes must be UTF-8.", Wording.Inferred),
        new("malformed_request", 400, InvalidRequest, null,
            "Invalid request: the HTTP request could not be parsed. Its request line or headers are malformed (for example a control character or space in the URL, an invalid header name or value, or an unsupported HTTP version).", Wording.Inferred),
        new("request_timeout", 408, InvalidRequest, null,
            "The request was not received in time: the server closed the connection while waiting for the request headers or body.", Wording.Inferred),
        new("length_required", 411, InvalidRequest, null,
            "Invalid request: a request with a body must send Content-Length or Transfer-Encoding: chunked.", Wording.Inferred),
        new("api_error", 500, ApiError, null,
            "An unknown error occurred. Please try again later.", Wording.Inferred),
        new("webhook_url_invalid", 400, InvalidRequest, "url_invalid",
            "Invalid URL: {0}. A webhook endpoint's url must be an absolute http:// or https:// URL.", Wording.Inferred),
        new("webhook_api_version_invalid", 400, InvalidRequest, null,
            "Invalid api_version: {0}. It must look like YYYY-MM-DD or YYYY-MM-DD.name.", Wording.Inferred),
    }.ToDictionary(r => r.Key);

    public static IReadOnlyCollection<ErrorRow> Rows => RowsByKey.Values;

    /// <summary>
    /// Rows that refuse a request for the shape of its parameters (types, presence, limits, combinations), before
    /// any object is read or written. Stripe saves no idempotent result for these (see <see cref="StripeError.IsParameterError"/>).
    /// </summary>
    public static readonly IReadOnlySet<string> ParameterErrorKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "parameter_unknown", "parameter_missing", "invalid_integer", "invalid_boolean", "invalid_number", "invalid_enum",
        "invalid_array", "invalid_hash", "invalid_string", "invalid_parameter_name", "parameter_invalid_empty",
        "invalid_limit", "cursor_conflict", "cannot_expand", "expand_too_deep", "metadata_too_many_keys",
        "metadata_key_too_long", "metadata_value_too_long", "exclusive_parameters", "invalid_currency",
        "amount_too_small", "amount_too_large", "amount_out_of_range", "value_negative", "invalid_period",
        "outcome_details_unexpected", "invalid_payment_method_type", "send_invoice_only", "only_valid_when",
        "credit_note_amount_missing", "credit_note_amount_not_positive", "attach_payment_source_missing",
        "too_many_types", "invalid_invoice_prefix", "string_too_long", "invalid_next_invoice_sequence",
        "balance_out_of_range", "invalid_form_encoding", "webhook_url_invalid", "webhook_api_version_invalid",
        "price_interval_too_long", "payment_method_type_unsupported", "invalid_custom_payment_method_type",
    };

    public static StripeError Make(string key, string? param, params object[] args)
    {
        var row = RowsByKey[key];
        return new StripeError(row.Status, row.Type, row.Code, string.Format(row.Template, args), param)
        {
            IsParameterError = ParameterErrorKeys.Contains(key),
        };
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
    public static StripeError TooManyTypes(int max) => Make("too_many_types", "types", max);
    public static StripeError InvoicePrefixInUse() => Make("invoice_prefix_in_use", "invoice_prefix");
    public static StripeError Unexpected() => Make("api_error", null);
    public static StripeError RequestLineTooLong(int limit) => Make("request_line_too_long", null, limit);
    public static StripeError RequestHeadersTooLarge(int limit, int count) => Make("request_headers_too_large", null, limit, count);
    public static StripeError RequestBodyTooLarge(long limit) => Make("request_body_too_large", null, limit);
    public static StripeError UnsupportedContentType(string contentType) => Make("unsupported_content_type", null, contentType);
    public static StripeError InvalidFormEncoding(string text) => Make("invalid_form_encoding", null, text);
    public static StripeError MalformedRequest() => Make("malformed_request", null);
    public static StripeError RequestTimeout() => Make("request_timeout", null);
    public static StripeError LengthRequired() => Make("length_required", null);

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
    // ---- invoices, invoice items, customer balance
    public static StripeError InvoiceAlreadyFinalized() => Make("invoice_already_finalized", null);
    public static StripeError InvoiceAlreadyPaid() => Make("invoice_already_paid", null);
    /// <summary>e.g. ("void", "paid", "open or uncollectible", "voided").</summary>
    public static StripeError InvoiceTransitionInvalid(string verb, string status, string allowed, string participle) =>
        Make("invoice_transition_invalid", null, verb, status, allowed, participle);
    public static StripeError InvoiceDeleteNotDraft(string status) => Make("invoice_delete_not_draft", null, status);
    public static StripeError InvoiceNotEditable(string status, string param) => Make("invoice_not_editable", param, status, param);
    public static StripeError InvoiceLinesNotEditable(string invoiceId, string status, string param) =>
        Make("invoice_lines_not_editable", param, invoiceId, status);
    public static StripeError InvoiceItemNotEditable(string invoiceId, string status) => Make("invoice_item_not_editable", null, invoiceId, status);
    public static StripeError InvoiceNoPaymentMethod() => Make("invoice_no_payment_method", null);
    public static StripeError InvoiceTooManyItems(string param) => Make("invoice_too_many_items", param);
    public static StripeError InvoiceItemCurrencyMismatch(string itemCurrency, string invoiceId, string invoiceCurrency, string param) =>
        Make("invoice_item_currency_mismatch", param, itemCurrency, invoiceId, invoiceCurrency);
    public static StripeError InvoiceItemCustomerMismatch(string itemCustomer, string invoiceId, string invoiceCustomer, string param) =>
        Make("invoice_item_customer_mismatch", param, itemCustomer, invoiceId, invoiceCustomer);
    public static StripeError InvoiceItemNotPending(string itemId, string invoiceId, string param) =>
        Make("invoice_item_not_pending", param, itemId, invoiceId);
    public static StripeError InvalidPaymentMethodType(string name, string value, IReadOnlyList<string> allowed) =>
        Make("invalid_payment_method_type", name, name, value, JoinAlternatives(allowed));
    public static StripeError AmountOutOfRange(string param) => Make("amount_out_of_range", param, param);
    public static StripeError ValueNegative(string param) => Make("value_negative", param, param);
    public static StripeError InvalidPeriod(long end, long start, string param) => Make("invalid_period", param, end, start);
    public static StripeError SendInvoiceOnly(string param) => Make("send_invoice_only", param, param);
    public static StripeError StripeTaxInactive(string param) => Make("stripe_tax_inactive", param);
    public static StripeError ApplicationFeeNotAllowed() => Make("application_fee_not_allowed", "application_fee_amount");
    // ---- credit notes
    public static StripeError CreditNoteInvoiceStatus(string invoiceId, string status) =>
        Make("credit_note_invoice_status", "invoice", invoiceId, status);
    public static StripeError CreditNoteAmountMissing() => Make("credit_note_amount_missing", "amount");
    public static StripeError CreditNoteAmountNotPositive() => Make("credit_note_amount_not_positive", "amount");
    public static StripeError CreditNoteExceedsInvoice(long amount, string invoiceId, long left) =>
        Make("credit_note_exceeds_invoice", "amount", amount, invoiceId, left);
    public static StripeError CreditNotePostPaymentExceedsPaid(long postPayment, string invoiceId, long left) =>
        Make("credit_note_post_payment_exceeds_paid", "amount", postPayment, invoiceId, left);
    public static StripeError CreditNoteAllocationMismatch(long allocated, long postPayment, string param) =>
        Make("credit_note_allocation_mismatch", param, allocated, postPayment);
    public static StripeError CreditNoteRefundAmountUnsupported() => Make("credit_note_refund_amount_unsupported", "refund_amount");
    public static StripeError OnlyValidWhen(string param, string other, string value) => Make("only_valid_when", param, param, other, value);
    public static StripeError CreditNoteRecordNotAttached(string recordId, string invoiceId, string param) =>
        Make("credit_note_record_not_attached", param, recordId, invoiceId);
    public static StripeError CreditNoteUnknownRefundGroup(string group, string recordId, string param) =>
        Make("credit_note_unknown_refund_group", param, group, recordId);
    public static StripeError CreditNoteRefundGroupExhausted(string group, string recordId, string param) =>
        Make("credit_note_refund_group_exhausted", param, group, recordId);
    public static StripeError CreditNoteRefundExceedsGroup(long requested, string group, long left, string param) =>
        Make("credit_note_refund_exceeds_group", param, requested, group, left);
    public static StripeError CreditNoteAmountLinesMismatch(long amount, long linesTotal) =>
        Make("credit_note_amount_lines_mismatch", "amount", amount, linesTotal);
    public static StripeError CreditNoteLineExceeds(long amount, string lineId, long left, string param) =>
        Make("credit_note_line_exceeds", param, amount, lineId, left);
    public static StripeError CreditNoteLineQuantityExceeds(long quantity, string lineId, long lineQuantity, string param) =>
        Make("credit_note_line_quantity_exceeds", param, quantity, lineId, lineQuantity);
    public static StripeError CreditNoteBalanceCurrency(string balanceCurrency, string invoiceId, string invoiceCurrency) =>
        Make("credit_note_balance_currency", "credit_amount", balanceCurrency, invoiceId, invoiceCurrency);
    public static StripeError CreditNoteAlreadyVoid(string id) => Make("credit_note_already_void", null, id);
    public static StripeError CreditNoteVoidReopens(string id, long prePayment, string invoiceId) =>
        Make("credit_note_void_reopens", null, id, prePayment, invoiceId);
    public static StripeError CreditNoteVoidChangesOverpayment(string id, string invoiceId, long overpaid, long overpaidAfter) =>
        Make("credit_note_void_changes_overpayment", null, id, invoiceId, overpaid, overpaidAfter);
    public static StripeError NotSupported(string param, string why) => Make("not_supported", param, param, why);
    // ---- invoice payments
    public static StripeError AttachPaymentSourceMissing() => Make("attach_payment_source_missing", null);
    public static StripeError InvoiceAttachPaymentStatus(string status) => Make("invoice_attach_payment_status", null, status);
    public static StripeError PaymentRecordCurrencyMismatch(string recordId, string recordCurrency, string invoiceId, string invoiceCurrency) =>
        Make("payment_record_currency_mismatch", "payment_record", recordId, recordCurrency, invoiceId, invoiceCurrency);
    public static StripeError PaymentRecordCustomerMismatch(string recordId, string recordCustomer, string invoiceId, string invoiceCustomer) =>
        Make("payment_record_customer_mismatch", "payment_record", recordId, recordCustomer, invoiceId, invoiceCustomer);
    public static StripeError PaymentRecordAlreadyAttached(string recordId, string invoiceId) =>
        Make("payment_record_already_attached", "payment_record", recordId, invoiceId);
    /// <summary>The unique index's answer, when it (not the check under the record lock) catches a second attachment.</summary>
    public static StripeError PaymentRecordAlreadyAttachedElsewhere() => Make("payment_record_already_attached_elsewhere", "payment_record");
    /// <summary>e.g. ("void", "in_…", "open or paid", "Invoices with open or paid payments can't be voided.").</summary>
    public static StripeError InvoiceHasPayments(string verb, string invoiceId, string which, string rule) =>
        Make("invoice_has_payments", null, verb, invoiceId, which, rule);

    // ---- products, prices, payment methods
    public static StripeError ProductHasPrices() => Make("product_has_prices", null);
    public static StripeError ProductIdInUse(string param) => Make("product_id_in_use", param);
    public static StripeError DefaultPriceOtherProduct(string priceId, string productId, string param) =>
        Make("default_price_other_product", param, priceId, productId);
    public static StripeError DefaultPriceInactive(string priceId, string param) => Make("default_price_inactive", param, priceId);
    public static StripeError PriceLookupKeyInUse(string priceId) => Make("price_lookup_key_in_use", "lookup_key", priceId);
    public static StripeError PriceLookupKeyTaken() => Make("price_lookup_key_taken", "lookup_key");
    public static StripeError PriceIntervalTooLong(string param) => Make("price_interval_too_long", param);
    public static StripeError PriceTaxBehaviorFixed(string priceId, string current) => Make("price_tax_behavior_fixed", "tax_behavior", priceId, current);
    public static StripeError PriceNotForSale(string priceId, string param) => Make("price_not_for_sale", param, priceId);
    public static StripeError PriceCurrencyMismatchInvoice(string priceCurrency, string invoiceId, string invoiceCurrency, string param) =>
        Make("price_currency_mismatch_invoice", param, priceCurrency, invoiceId, invoiceCurrency);
    public static StripeError PriceCurrencyMismatchItem(string priceCurrency, string itemCurrency, string param) =>
        Make("price_currency_mismatch_item", param, priceCurrency, itemCurrency);
    public static StripeError PaymentMethodTypeUnsupported(string type) => Make("payment_method_type_unsupported", "type", type);
    public static StripeError InvalidCustomPaymentMethodType(string id) => Make("invalid_custom_payment_method_type", "custom[type]", id);
    public static StripeError PaymentMethodConsumed(string? param) => Make("payment_method_consumed", param);
    public static StripeError PaymentMethodAlreadyAttached() => Make("payment_method_already_attached", null);
    public static StripeError PaymentMethodNotAttached() => Make("payment_method_not_attached", null);
    public static StripeError CustomerPaymentMethodNotAttached(string id, string param) => Make("customer_payment_method_not_attached", param, id);

    /// <summary>"a", "a or b", "a, b, or c" — how Stripe lists allowed values.</summary>
    public static string JoinAlternatives(IReadOnlyList<string> values) => values.Count switch
    {
        0 => "",
        1 => values[0],
        2 => $"{values[0]} or {values[1]}",
        _ => string.Join(", ", values.Take(values.Count - 1)) + ", or " + values[^1],
    };

    // ---- subscriptions
    public static StripeError SubscriptionPriceNotRecurring(string param) => Make("subscription_price_not_recurring", param);
    public static StripeError SubscriptionCurrencyMismatch(string priceId, string currency, string others, string param) =>
        Make("subscription_currency_mismatch", param, priceId, currency, others);
    public static StripeError SubscriptionDuplicatePrice(string priceId, string param) => Make("subscription_duplicate_price", param, priceId);
    public static StripeError SubscriptionErrorIfIncomplete() => Make("subscription_error_if_incomplete", "payment_behavior");
    public static StripeError SubscriptionEnded(string id, string status) => Make("subscription_ended", null, id, status);
    public static StripeError SubscriptionUpdateErrorIfIncomplete() => Make("subscription_update_error_if_incomplete", "payment_behavior");
    public static StripeError SubscriptionItemsIncomplete(string? param, string invoiceId) => Make("subscription_items_incomplete", param, invoiceId);
    public static StripeError SubscriptionNotInFuture(string param) => Make("subscription_not_in_future", param);
    public static StripeError SubscriptionTrialTooLong(string param, long maxDays) => Make("subscription_trial_too_long", param, maxDays);
    public static StripeError SubscriptionLastItem(string? param) => Make("subscription_last_item", param);
    public static StripeError SubscriptionTooManyItems(string param, int max) => Make("subscription_too_many_items", param, max);
    public static StripeError SubscriptionIntervalChange(string priceId, string param) => Make("subscription_interval_change", param, priceId);
    public static StripeError SubscriptionProrationDate() => Make("subscription_proration_date", "proration_date");
    public static StripeError SubscriptionItemOtherSubscription(string itemId, string subscriptionId, string param) =>
        Make("subscription_item_other_subscription", param, itemId, subscriptionId);
    public static StripeError InvoiceDeleteSubscription() => Make("invoice_delete_subscription", null);

    public static StripeError WebhookUrlInvalid(string url) => Make("webhook_url_invalid", "url", url);
    public static StripeError WebhookApiVersionInvalid(string version) => Make("webhook_api_version_invalid", "api_version", version);
}
