using PaymentRecords.Api.Wire;

namespace PaymentRecords.Api.Subscriptions;

/// <summary>The subscription errors (create, update, items, cancel, trials), each a row with its factory; registered in <c>Hosting/PaymentRecordsApp.cs</c>.</summary>
public static class SubscriptionErrors
{
    /// <summary>Registered in <c>Hosting/PaymentRecordsApp.cs</c> (<c>ErrorRows</c>).</summary>
    public static readonly ErrorRowSet Rows = new();

    // Stripe's answer to a create_preview that names nothing to preview (only a customer, or nothing): this wording, as
    // stripe-node users report it (stripe/stripe-node#2347); no param or code recorded.
    private static readonly ErrorRow PreviewNeedsSubjectRow = Rows.Add(new("invoice_preview_needs_subject", 400, ErrorCatalog.InvalidRequest, null,
        "You must provide at least one of: `subscription`, `schedule`, `subscription_details.items`, `schedule_details.phases`, `invoice_items`.",
        Wording.Stripe, IsParameterError: true));
    public static StripeError PreviewNeedsSubject() => PreviewNeedsSubjectRow.Make(null);

    private static readonly ErrorRow PreviewItemCurrencyRow = Rows.Add(new("invoice_preview_item_currency", 400, ErrorCatalog.InvalidRequest, null,
        "The currency of the invoice item ({0}) must match the currency of the {1} ({2}).", Wording.Inferred));
    /// <summary>
    /// create_preview with an invoice item in another currency than the new subscription's (it would not go on the first
    /// invoice) or the one-off preview's (<paramref name="previewed"/>: "subscription" or "invoice preview").
    /// </summary>
    public static StripeError PreviewItemCurrency(string itemCurrency, string previewed, string currency, string param) =>
        PreviewItemCurrencyRow.Make(param, itemCurrency, previewed, currency);

    private static readonly ErrorRow SubscriptionPriceNotRecurringRow = Rows.Add(new("subscription_price_not_recurring", 400, ErrorCatalog.InvalidRequest, null,
        "The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.", Wording.Stripe));
    public static StripeError SubscriptionPriceNotRecurring(string param) => SubscriptionPriceNotRecurringRow.Make(param);

    private static readonly ErrorRow SubscriptionMeteredQuantityRow = Rows.Add(new("subscription_metered_quantity", 400, ErrorCatalog.InvalidRequest, null,
        "You cannot set the quantity for metered plans.", Wording.Stripe));
    public static StripeError SubscriptionMeteredQuantity(string param) => SubscriptionMeteredQuantityRow.Make(param);

    // Both recorded against Stripe.
    private static readonly ErrorRow SubscriptionCurrencyMismatchRow = Rows.Add(new("subscription_currency_mismatch", 400, ErrorCatalog.InvalidRequest, null,
        "This `price` has `currency={0}`, but other items use `currency={1}`. All items must have pricing in the same currency. When using multi-currency prices, you can specify `currency` at the top level, to be used by all items.", Wording.Stripe));
    /// <summary>A new subscription's items in different currencies.</summary>
    public static StripeError SubscriptionCurrencyMismatch(string currency, string others, string param) => SubscriptionCurrencyMismatchRow.Make(param, currency, others);

    private static readonly ErrorRow SubscriptionCurrencyNotSupportedRow = Rows.Add(new("subscription_currency_not_supported", 400, ErrorCatalog.InvalidRequest, null,
        "The price specified only supports `{0}`. This doesn't match the expected currency: `{1}`.", Wording.Stripe));
    /// <summary>An item of an existing subscription moving to a price in another currency.</summary>
    public static StripeError SubscriptionCurrencyNotSupported(string priceCurrency, string currency, string param) => SubscriptionCurrencyNotSupportedRow.Make(param, priceCurrency, currency);

    // Recorded against Stripe, both on "plan".
    private static readonly ErrorRow SubscriptionDuplicatePriceRow = Rows.Add(new("subscription_duplicate_price", 400, ErrorCatalog.InvalidRequest, null,
        "Cannot create a Subscription with multiple Subscription Items with the same Price: {0}", Wording.Stripe));
    public static StripeError SubscriptionDuplicatePrice(string priceId) => SubscriptionDuplicatePriceRow.Make("plan", priceId);

    private static readonly ErrorRow PendingIfIncompleteOnCreateRow = Rows.Add(new("subscription_pending_if_incomplete_on_create", 400, ErrorCatalog.InvalidRequest, null,
        "Setting `payment_behavior` to `pending_if_incomplete` has no effect when creating a subscription.", Wording.Stripe, IsParameterError: true));
    public static StripeError PendingIfIncompleteOnCreate() => PendingIfIncompleteOnCreateRow.Make("payment_behavior");

    private static readonly ErrorRow SubscriptionItemInvalidIdRow = Rows.Add(new("subscription_item_invalid_id", 404, ErrorCatalog.InvalidRequest, null,
        "Invalid subscription_item id: {0}", Wording.Stripe));
    /// <summary>GET /v1/subscription_items/{item} of a missing item (recorded against Stripe: this wording, no param, no code).</summary>
    public static StripeError SubscriptionItemInvalidId(string id) => SubscriptionItemInvalidIdRow.Make(null, id);

    private static readonly ErrorRow SubscriptionPriceInUseRow = Rows.Add(new("subscription_price_in_use", 400, ErrorCatalog.InvalidRequest, null,
        "A new item with Price {0} can't be added to this Subscription because an existing Subscription Item {1} is already using that Price. If you want to update the existing item (e.g., to adjust the quantity), pass the existing Subscription Item's `id` in your update request: https://stripe.com/docs/api/subscriptions/update#update_subscription-items-id", Wording.Stripe));
    public static StripeError SubscriptionPriceInUse(string priceId, string existingItemId) => SubscriptionPriceInUseRow.Make("plan", priceId, existingItemId);

    private static readonly ErrorRow SubscriptionNoPaymentMethodRow = Rows.Add(new("subscription_no_payment_method", 400, ErrorCatalog.InvalidRequest, "resource_missing",
        "This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://stripe.com/docs/billing/subscriptions/payment-methods-setting#payment-method-priority.", Wording.Stripe));
    public static StripeError SubscriptionNoPaymentMethod() => SubscriptionNoPaymentMethodRow.Make(null);

    private static readonly ErrorRow SubscriptionErrorIfIncompleteRow = Rows.Add(new("subscription_error_if_incomplete", 400, ErrorCatalog.InvalidRequest, null,
        "payment_behavior=error_if_incomplete needs the first invoice paid during this request, and this server charges nothing: the payment is reported (payment records) and attached afterwards. Use payment_behavior=default_incomplete (or allow_incomplete) and attach the payment record to the subscription's latest_invoice.", Wording.Inferred));
    public static StripeError SubscriptionErrorIfIncomplete() => SubscriptionErrorIfIncompleteRow.Make("payment_behavior");

    private static readonly ErrorRow SubscriptionEndedRow = Rows.Add(new("subscription_ended", 400, ErrorCatalog.InvalidRequest, null,
        "A canceled subscription can only update its cancellation_details and metadata.", Wording.Stripe));
    /// <summary>An ended subscription changed beyond its notes (recorded for a canceled one's update: this wording; Stripe's code, invalid_canceled_subscription_fields, is not in this spec's error code enum).</summary>
    public static StripeError SubscriptionEnded() => SubscriptionEndedRow.Make(null);

    private static readonly ErrorRow SubscriptionItemOfEndedRow = Rows.Add(new("subscription_item_of_ended", 400, ErrorCatalog.InvalidRequest, null,
        "The subscription {0} is {1}: its items can no longer be changed.", Wording.Inferred));
    /// <summary>A /v1/subscription_items update or delete of an item whose subscription has ended.</summary>
    public static StripeError SubscriptionItemOfEnded(string id, string status) => SubscriptionItemOfEndedRow.Make(null, id, status);

    private static readonly ErrorRow SubscriptionNotPausedRow = Rows.Add(new("subscription_not_paused", 400, ErrorCatalog.InvalidRequest, null,
        "The subscription {0} is {1}: only a subscription with `status=paused` can be resumed.", Wording.Inferred));
    /// <summary>POST /v1/subscriptions/{id}/resume of a subscription that is not paused (Stripe's wording not recorded).</summary>
    public static StripeError SubscriptionNotPaused(string id, string status) => SubscriptionNotPausedRow.Make(null, id, status);

    private static readonly ErrorRow SubscriptionResumeSendInvoiceRow = Rows.Add(new("subscription_resume_send_invoice", 400, ErrorCatalog.InvalidRequest, null,
        "Resume is only available on subscriptions that use `charge_automatically` collection.", Wording.Inferred));
    /// <summary>A resume of a send_invoice subscription (the sentence of Stripe's pause guide; its error not recorded).</summary>
    public static StripeError SubscriptionResumeSendInvoice() => SubscriptionResumeSendInvoiceRow.Make(null);

    private static readonly ErrorRow SubscriptionUpdateErrorIfIncompleteRow = Rows.Add(new("subscription_update_error_if_incomplete", 400, ErrorCatalog.InvalidRequest, null,
        "payment_behavior=error_if_incomplete needs this change's invoice paid during the request, and this server charges nothing: the payment is reported (payment records) and attached afterwards. Use payment_behavior=allow_incomplete (or default_incomplete) and attach the payment record to the subscription's latest_invoice.", Wording.Inferred));
    public static StripeError SubscriptionUpdateErrorIfIncomplete() => SubscriptionUpdateErrorIfIncompleteRow.Make("payment_behavior");

    private static readonly ErrorRow TrialConflictRow = Rows.Add(new("trial_conflict", 400, ErrorCatalog.InvalidRequest, null,
        "You may only specify one of these parameters: trial_end, trial_period_days.", Wording.Inferred));
    public static StripeError TrialConflict(string? param) => TrialConflictRow.Make(param);

    private static readonly ErrorRow CancelAtConflictRow = Rows.Add(new("cancel_at_conflict", 400, ErrorCatalog.InvalidRequest, null,
        "You may only specify one of these parameters: cancel_at, cancel_at_period_end.", Wording.Inferred));
    public static StripeError CancelAtConflict(string? param) => CancelAtConflictRow.Make(param);

    private static readonly ErrorRow SubscriptionNotInFutureRow = Rows.Add(new("subscription_not_in_future", 400, ErrorCatalog.InvalidRequest, null,
        "The parameter `{0}` expects a unix timestamp representing a date and time in the future. You specified the value `{1}` which is in the past.", Wording.Stripe));
    public static StripeError SubscriptionNotInFuture(string param, string value) => SubscriptionNotInFutureRow.Make(param, param, value);

    private static readonly ErrorRow AddedItemRecurringRow = Rows.Add(new("subscription_added_item_recurring", 400, ErrorCatalog.InvalidRequest, null,
        "The price specified is set to `type=recurring` but this field only accepts prices with `type=one_time`.", Wording.Stripe));
    /// <summary>add_invoice_items naming a recurring price (Stripe's wording, as public clients quote it).</summary>
    public static StripeError AddedItemRecurring(string param) => AddedItemRecurringRow.Make(param);

    private static readonly ErrorRow AnchorConfigRangeRow = Rows.Add(new("subscription_anchor_config_range", 400, ErrorCatalog.InvalidRequest, null,
        "Invalid {0}: must be between {1} and {2}.", Wording.Inferred, IsParameterError: true));
    public static StripeError AnchorConfigRange(string param, int min, int max) => AnchorConfigRangeRow.Make(param, param, min, max);

    private static readonly ErrorRow AnchorPastNaturalDateRow = Rows.Add(new("subscription_anchor_past_natural_date", 400, ErrorCatalog.InvalidRequest, null,
        "billing_cycle_anchor cannot be later than next natural billing date ({0}) for plan", Wording.Inferred));
    /// <summary>The limit as public clients quote Stripe's message ("billing_cycle_anchor cannot be later than next natural billing date … for plan"); the date's exact form is not recorded.</summary>
    public static StripeError AnchorPastNaturalDate(string natural) => AnchorPastNaturalDateRow.Make("billing_cycle_anchor", natural);

    private static readonly ErrorRow AnchorWithTrialRow = Rows.Add(new("subscription_anchor_with_trial", 400, ErrorCatalog.InvalidRequest, null,
        "A billing cycle anchor with a trial (a free period, then a prorated one) is not built here: pass one or the other.", Wording.Inferred));
    public static StripeError AnchorWithTrial(string param) => AnchorWithTrialRow.Make(param);

    private static readonly ErrorRow BackdateInFutureRow = Rows.Add(new("subscription_backdate_in_future", 400, ErrorCatalog.InvalidRequest, null,
        "The parameter `backdate_start_date` expects a unix timestamp representing a date and time in the past. You specified the value `{0}` which is in the future.", Wording.Inferred));
    /// <summary>A backdate_start_date after now (the customer's time): worded after Stripe's future-timestamp error.</summary>
    public static StripeError BackdateInFuture(string value) => BackdateInFutureRow.Make("backdate_start_date", value);

    private static readonly ErrorRow BackdateBeforeEpochRow = Rows.Add(new("subscription_backdate_before_epoch", 400, ErrorCatalog.InvalidRequest, null,
        "Invalid backdate_start_date: `{0}` is before 1970-01-01.", Wording.Inferred));
    public static StripeError BackdateBeforeEpoch(string value) => BackdateBeforeEpochRow.Make("backdate_start_date", value);

    private static readonly ErrorRow BackdateTooManyLinesRow = Rows.Add(new("subscription_backdate_too_many_lines", 400, ErrorCatalog.InvalidRequest, null,
        "Backdating isn't supported when an invoice has more than 250 line items.", Wording.Inferred));
    /// <summary>A backdate whose first invoice would bill more than 250 periods (Stripe's documented limit, its words).</summary>
    public static StripeError BackdateTooManyLines() => BackdateTooManyLinesRow.Make("backdate_start_date");

    private static readonly ErrorRow AnchorConfigIntervalRow = Rows.Add(new("subscription_anchor_config_interval", 400, ErrorCatalog.InvalidRequest, null,
        "billing_cycle_anchor_config is only valid with monthly and yearly price intervals.", Wording.Inferred));
    public static StripeError AnchorConfigInterval() => AnchorConfigIntervalRow.Make("billing_cycle_anchor_config");

    private static readonly ErrorRow SubscriptionTrialTooLongRow = Rows.Add(new("subscription_trial_too_long", 400, ErrorCatalog.InvalidRequest, null,
        "Trials can be at most {0} days long.", Wording.Inferred));
    public static StripeError SubscriptionTrialTooLong(string param, long maxDays) => SubscriptionTrialTooLongRow.Make(param, maxDays);

    private static readonly ErrorRow SubscriptionItemsIncompleteRow = Rows.Add(new("subscription_items_incomplete", 400, ErrorCatalog.InvalidRequest, null,
        "You cannot update a subscription in `incomplete` status in a way that results in new invoice items or a new invoice. Pay its first invoice ({0}) first.", Wording.Inferred));
    public static StripeError SubscriptionItemsIncomplete(string? param, string invoiceId) => SubscriptionItemsIncompleteRow.Make(param, invoiceId);

    private static readonly ErrorRow SubscriptionLastItemRow = Rows.Add(new("subscription_last_item", 400, ErrorCatalog.InvalidRequest, null,
        "A subscription must have at least one active plan. To cancel a subscription, please use the cancel API endpoint on /v1/subscriptions.", Wording.Inferred));
    public static StripeError SubscriptionLastItem(string? param) => SubscriptionLastItemRow.Make(param);

    private static readonly ErrorRow SubscriptionTooManyItemsRow = Rows.Add(new("subscription_too_many_items", 400, ErrorCatalog.InvalidRequest, null,
        "A subscription can have at most {0} items.", Wording.Inferred));
    public static StripeError SubscriptionTooManyItems(string param, int max) => SubscriptionTooManyItemsRow.Make(param, max);


    private static readonly ErrorRow SubscriptionProrationDateRow = Rows.Add(new("subscription_proration_date", 400, ErrorCatalog.InvalidRequest, null,
        "proration_date must be within the current billing period of every item the change prorates.", Wording.Inferred));
    public static StripeError SubscriptionProrationDate() => SubscriptionProrationDateRow.Make("proration_date");

    private static readonly ErrorRow SubscriptionItemOtherSubscriptionRow = Rows.Add(new("subscription_item_other_subscription", 400, ErrorCatalog.InvalidRequest, null,
        "The subscription item {0} does not belong to the subscription {1}.", Wording.Inferred));
    public static StripeError SubscriptionItemOtherSubscription(string itemId, string subscriptionId, string param) => SubscriptionItemOtherSubscriptionRow.Make(param, itemId, subscriptionId);

    private static readonly ErrorRow InvoiceDeleteSubscriptionRow = Rows.Add(new("invoice_delete_subscription", 400, ErrorCatalog.InvalidRequest, null,
        "You can't delete invoices created by subscriptions.", Wording.Stripe));
    public static StripeError InvoiceDeleteSubscription() => InvoiceDeleteSubscriptionRow.Make(null);

    private static readonly ErrorRow SubscriptionOtherCustomerRow = Rows.Add(new("subscription_other_customer", 400, ErrorCatalog.InvalidRequest, null,
        "The subscription {0} does not belong to the customer {1}.", Wording.Inferred));
    public static StripeError SubscriptionOtherCustomer(string subscriptionId, string customerId, string param) => SubscriptionOtherCustomerRow.Make(param, subscriptionId, customerId);

    private static readonly ErrorRow CurrencyOfSubscriptionRow = Rows.Add(new("currency_of_subscription", 400, ErrorCatalog.InvalidRequest, null,
        "The currency ({0}) must match the currency of subscription {1} ({2}).", Wording.Inferred));
    public static StripeError CurrencyOfSubscription(string currency, string subscriptionId, string subscriptionCurrency, string param) =>
        CurrencyOfSubscriptionRow.Make(param, currency, subscriptionId, subscriptionCurrency);

    // Stripe's code; the message as older clients quote it for an invoice created with `subscription` and nothing pending.
    private static readonly ErrorRow NothingToInvoiceRow = Rows.Add(new("invoice_no_subscription_line_items", 400, ErrorCatalog.InvalidRequest,
        "invoice_no_subscription_line_items", "Nothing to invoice for subscription", Wording.Stripe));
    public static StripeError NothingToInvoice() => NothingToInvoiceRow.Make(null);

    // Recorded (stripe/stripe-cli#1249): the two together answer this, on pending_invoice_items_behavior, with no code.
    private static readonly ErrorRow PendingBehaviorWithSubscriptionRow = Rows.Add(new("invoice_pending_behavior_with_subscription", 400, ErrorCatalog.InvalidRequest, null,
        "You may only specify one of these parameters: pending_invoice_items_behavior, subscription.", Wording.Stripe, IsParameterError: true));
    public static StripeError PendingBehaviorWithSubscription() => PendingBehaviorWithSubscriptionRow.Make("pending_invoice_items_behavior");
}
