using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.PaymentMethods;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Subscriptions;

/// <summary>
/// Subscription data access the use cases need (Persistence implements it over the unit of work). Lock order:
/// payment record → customer → invoice → subscription (a paid first invoice activates its subscription under the
/// invoice's lock; update and cancel lock the subscription alone).
/// </summary>
public interface ISubscriptionStore
{
    /// <summary>The price, untracked; null if none.</summary>
    Task<Price?> PriceAsync(string priceId);

    /// <summary>The payment method, untracked; null if none.</summary>
    Task<PaymentMethod?> PaymentMethodAsync(string paymentMethodId);

    /// <summary>SELECT … FOR UPDATE on the subscription, tracked; null if none.</summary>
    Task<Subscription?> LockAsync(string subscriptionId);

    /// <summary>The subscription's items in order, tracked.</summary>
    Task<List<SubscriptionItem>> ItemsAsync(string subscriptionId);

    /// <summary>The subscription item, untracked; null if none.</summary>
    Task<SubscriptionItem?> FindItemAsync(string itemId);

    /// <summary>The subscription's customer (it never changes): read before the locks, so the customer is locked first.</summary>
    Task<string?> CustomerIdAsync(string subscriptionId);

    /// <summary>The ids of the customer's subscriptions that have not ended (oldest first).</summary>
    Task<List<string>> NotEndedOfCustomerAsync(string customerId);

    /// <summary>The product's name (proration descriptions); null if none.</summary>
    Task<string?> ProductNameAsync(string productId);

    /// <summary>
    /// The pending invoice items (not on any invoice yet) of a subscription — its prorations, its add_invoice_items, items
    /// created with its id — oldest first, tracked: what the subscription's next invoice bills
    /// (<see cref="SubscriptionPendingItems"/>). With <paramref name="sweepCurrency"/>, also the customer's pending items
    /// that name no subscription, in that currency. <paramref name="lockRows"/>: SELECT … FOR UPDATE, taken after the
    /// subscription's lock (an invoice takes them; two invoices cannot both take one).
    /// </summary>
    Task<List<InvoiceItem>> PendingItemsAsync(string customerId, string subscriptionId, string? sweepCurrency = null, bool lockRows = false);

    /// <summary>Adds an item to an existing subscription.</summary>
    void AddItem(SubscriptionItem item);

    /// <summary>Deletes an item of a subscription.</summary>
    void RemoveItem(SubscriptionItem item);

    /// <summary>Adds a new subscription with its items to the unit of work.</summary>
    void Add(Subscription subscription, IReadOnlyList<SubscriptionItem> items);

    /// <summary>Adds a new invoice with its lines to the unit of work.</summary>
    void AddInvoice(Invoice invoice, IReadOnlyList<InvoiceItem> lines);

    /// <summary>Writes the pending changes (the transaction still commits once): a use case that hands a new row to another reads it.</summary>
    Task FlushAsync();
}

/// <summary>Why a subscription request was refused; <see cref="Param"/> names the parameter, <see cref="Args"/> the message's parts.</summary>
public enum SubscriptionRefusal
{
    /// <summary>
    /// A charge_automatically subscription whose first invoice is due, created without default_incomplete, with no
    /// payment method to charge (neither its own default nor the customer's invoice default).
    /// </summary>
    NoPaymentMethod,
    /// <summary>A one_time price where a recurring one is required.</summary>
    PriceNotRecurring,
    /// <summary>A quantity given for an item of a metered price (its usage is what it bills).</summary>
    MeteredQuantity,
    /// <summary>An archived price.</summary>
    PriceInactive,
    /// <summary>A new subscription's items' prices are in different currencies (args: the price, its currency, the others').</summary>
    CurrencyMismatch,
    /// <summary>An item of an existing subscription moves to a price in another currency (args: the price's currency, the subscription's).</summary>
    CurrencyNotSupported,
    /// <summary>The default payment method is not attached to the subscription's customer.</summary>
    PaymentMethodNotAttached,
    /// <summary>payment_behavior=error_if_incomplete, and the first invoice cannot be paid during the request.</summary>
    ErrorIfIncomplete,
    /// <summary>The subscription is canceled (or otherwise ended): it takes only metadata and cancellation_details.</summary>
    Ended,
    /// <summary>An item of a canceled (or otherwise ended) subscription is changed (args: the subscription, its status).</summary>
    ItemOfEnded,
    /// <summary>Two items of a new subscription name the same price (args: the price).</summary>
    DuplicatePrice,
    /// <summary>An update adds an item with a price an existing item already has (args: the price, the existing item).</summary>
    PriceInUse,
    /// <summary>days_until_due on a charge_automatically subscription.</summary>
    SendInvoiceOnly,
    /// <summary>Items change on an incomplete subscription (its first invoice is not paid).</summary>
    ItemsWhileIncomplete,
    /// <summary>The last item would be deleted (cancel the subscription instead).</summary>
    LastItem,
    /// <summary>More than <see cref="Subscription.MaxItems"/> items.</summary>
    TooManyItems,
    /// <summary>proration_date outside an affected item's current period.</summary>
    ProrationDateOutsidePeriod,
    /// <summary>items[][id] names an item of another subscription.</summary>
    ItemOfOtherSubscription,
    /// <summary>A timestamp that must be in the future is not (trial_end, cancel_at; args: the timestamp).</summary>
    NotInFuture,
    /// <summary>A trial longer than <see cref="TrialRequest.MaxDays"/> days.</summary>
    TrialTooLong,
    /// <summary>A trial_end timestamp on a subscription that is neither trialing nor active (not built).</summary>
    TrialOnPaid,
    /// <summary>A resume of a subscription that is not paused (args: the subscription, its status).</summary>
    NotPaused,
    /// <summary>A line's price × quantity past Stripe's amount limit.</summary>
    AmountOutOfRange,
    /// <summary>An add_invoice_items price that is recurring (args: the price).</summary>
    AddedItemRecurring,
    /// <summary>An add_invoice_items period that ends before it starts (args: end, start).</summary>
    AddedItemPeriod,
    /// <summary>A billing cycle anchor with a trial (a free period followed by a prorated one: not built).</summary>
    AnchorWithTrial,
    /// <summary>A billing_cycle_anchor after an item's next natural billing date (args: that date).</summary>
    AnchorPastNaturalDate,
    /// <summary>billing_cycle_anchor_config with a price that is not monthly or yearly.</summary>
    AnchorConfigInterval,
    /// <summary>A resume of a send_invoice subscription ("Resume is only available on subscriptions that use charge_automatically collection").</summary>
    ResumeSendInvoice,
    /// <summary>An invoice or invoice item names a subscription of another customer (args: the subscription, the customer).</summary>
    OtherCustomer,
    /// <summary>An invoice or invoice item in another currency than its subscription's (args: the currency, the subscription, its currency).</summary>
    CurrencyOfSubscription,
    /// <summary>An invoice created for a subscription that has no pending invoice items.</summary>
    NothingToInvoice,
    /// <summary>billing_cycle_anchor=now on a trialing or paused subscription (args: its status).</summary>
    AnchorResetNotBuilt,
    /// <summary>A trial added to an active subscription with metered items (their usage so far would go unbilled: not built).</summary>
    TrialWithMetered,
    /// <summary>A backdate_start_date after the customer's time now (args: the timestamp).</summary>
    BackdateInFuture,
    /// <summary>A backdate_start_date before 1970 (args: the timestamp).</summary>
    BackdateBeforeEpoch,
    /// <summary>A backdate_start_date with a trial (not built).</summary>
    BackdateWithTrial,
    /// <summary>A backdated first invoice would take more than <see cref="BackdateRequest.MaxLines"/> lines.</summary>
    BackdateTooManyLines,
}

public sealed class SubscriptionRefused(SubscriptionRefusal reason, string? param, params string[] args)
    : Exception($"subscription refused: {reason} ({param})")
{
    public SubscriptionRefusal Reason { get; } = reason;
    public string? Param { get; } = param;
    public IReadOnlyList<string> Args { get; } = args;
}
