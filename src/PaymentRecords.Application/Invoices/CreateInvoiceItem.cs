using System.Text.Json.Nodes;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Invoices;

/// <summary>
/// What an invoice item is made of, decoded from its parameters: unit amount × quantity (a fixed amount is its own unit
/// × 1), the descriptive fields and the attributes it renders (<c>pricing.price_details</c>, tax behavior and code).
/// </summary>
/// <param name="PeriodStart">Given <c>period[start]</c>; null: the billing time.</param>
/// <param name="PeriodEnd">Given <c>period[end]</c>; null: the billing time.</param>
public sealed record InvoiceItemDetails(
    decimal UnitAmountDecimal,
    long Quantity,
    string? Description,
    bool Discountable,
    long? PeriodStart,
    long? PeriodEnd,
    Dictionary<string, string> Metadata,
    JsonObject Attributes);

/// <param name="CustomerId">The (live) customer the item bills.</param>
/// <param name="InvoiceId">The draft invoice the item goes on as a line; null: a pending item.</param>
/// <param name="Currency">The item's currency when the request fixes it (its price's, else <c>currency</c>); null: the invoice's, the customer's, or usd.</param>
/// <param name="CurrencyParam">The parameter a currency differing from the invoice's is blamed on (<c>pricing[price]</c>, <c>price_data[currency]</c>); null: <c>currency</c>.</param>
/// <param name="SubscriptionId">Stripe's <c>subscription</c>: the item waits for that subscription's next invoice (<c>parent.subscription_details</c>).</param>
public sealed record CreateInvoiceItemCommand(string CustomerId, string? InvoiceId, string? Currency, string? CurrencyParam, InvoiceItemDetails Details,
    string? SubscriptionId = null);

/// <summary>Why an invoice item create or delete was refused.</summary>
public enum InvoiceItemRefusal
{
    /// <summary>The invoice is not a draft: its lines cannot change.</summary>
    InvoiceNotEditable,
    /// <summary>The invoice bills another customer.</summary>
    CustomerMismatch,
    /// <summary>The item's currency is not the invoice's.</summary>
    CurrencyMismatch,
    /// <summary>The invoice holds <see cref="Invoice.MaxLines"/> lines already.</summary>
    TooManyItems,
    /// <summary>The item is a line of an invoice that is no longer a draft (update).</summary>
    ItemNotEditable,
    /// <summary>The item is a line of an invoice that is no longer a draft (delete).</summary>
    ItemNotDeletable,
    /// <summary>A price is not in the invoice's currency (add_lines; <see cref="InvoiceItemRefused.Currency"/>: the price's).</summary>
    PriceCurrencyMismatch,
    /// <summary>The item named is already on an invoice (add_lines; <see cref="InvoiceItemRefused.Item"/>).</summary>
    ItemNotPending,
    /// <summary>A subscription item's line takes only metadata (update_lines, a line's update; <see cref="InvoiceItemRefused.Item"/>).</summary>
    SubscriptionLineNotEditable,
    /// <summary>A subscription item's line cannot leave its invoice (remove_lines; <see cref="InvoiceItemRefused.Item"/>).</summary>
    SubscriptionLineNotRemovable,
}

/// <summary>A refused invoice item create or delete; <see cref="Param"/> names the parameter, the endpoint maps it to Stripe's error.</summary>
public sealed class InvoiceItemRefused(InvoiceItemRefusal reason, Invoice invoice, string param, string? customerId = null, string? currency = null,
    InvoiceItem? item = null)
    : Exception($"invoice item refused: {reason} on {invoice.Id} ({param})")
{
    public InvoiceItemRefusal Reason { get; } = reason;
    public Invoice Invoice { get; } = invoice;
    public string Param { get; } = param;
    /// <summary>The item's customer (<see cref="InvoiceItemRefusal.CustomerMismatch"/>).</summary>
    public string? CustomerId { get; } = customerId;
    /// <summary>The item's currency (<see cref="InvoiceItemRefusal.CurrencyMismatch"/>).</summary>
    public string? Currency { get; } = currency;
    /// <summary>The item named (<see cref="InvoiceItemRefusal.ItemNotPending"/>).</summary>
    public InvoiceItem? Item { get; } = item;
}

/// <summary>
/// An update or delete of an item <see cref="InvoiceItem.Deleted"/> with its draft invoice (recorded against Stripe:
/// the update reads the item as deleted, the delete as on an invoice that is no longer editable).
/// </summary>
public sealed class InvoiceItemDeletedWithInvoice(InvoiceItem item)
    : Exception($"invoice item {item.Id} was deleted with invoice {item.InvoiceId}");

/// <summary>
/// POST /v1/invoiceitems (and what a renewal needs: a line on a draft invoice). The customer must be live; given an
/// invoice, it is locked and must be a draft of the same customer in the item's currency, with room for one more line
/// (<see cref="Invoice.MaxLines"/>). The item is created at the billing time (its period too, unless given), pending
/// or as the invoice's last line.
/// Events, in order: <c>invoiceitem.created</c>; then <c>invoice.updated</c> when the item went on an invoice
/// (<c>previous_attributes</c>: the invoice's rendering before vs after).
/// </summary>
public sealed class CreateInvoiceItem(BillingContext billing)
{
    public async Task<InvoiceItem> RunAsync(CreateInvoiceItemCommand command)
    {
        var store = billing.Invoices;
        var (customer, invoice) = command.InvoiceId is { } invoiceId
            ? await store.LiveCustomerAndLockInvoiceAsync(command.CustomerId, invoiceId)
            : (await store.LiveCustomerAsync(command.CustomerId), null);
        if (customer is null) throw new NotFound("customer", command.CustomerId, "customer");
        var currency = command.Currency;
        IAsyncChangeWatch? invoiceChange = null;
        if (command.InvoiceId is { } lockedId)
        {
            if (invoice is null) throw new NotFound("invoice", lockedId, "invoice");
            if (!InvoiceStatusMachine.Allows(invoice.Status, InvoiceAction.EditMoney))
                throw new InvoiceItemRefused(InvoiceItemRefusal.InvoiceNotEditable, invoice, "invoice");
            if (invoice.CustomerId != customer.Id)
                throw new InvoiceItemRefused(InvoiceItemRefusal.CustomerMismatch, invoice, "invoice", customerId: customer.Id);
            currency ??= invoice.Currency;
            if (currency != invoice.Currency)
                throw new InvoiceItemRefused(InvoiceItemRefusal.CurrencyMismatch, invoice, command.CurrencyParam ?? "currency", currency: currency);
            if (invoice.LineCount >= Invoice.MaxLines) throw new InvoiceItemRefused(InvoiceItemRefusal.TooManyItems, invoice, "invoice");
            invoiceChange = await billing.Events.WatchDraftInvoiceAsync(invoice, customer);
        }
        billing.BillFor(customer.Id);
        // A currency the request gave (or its price's) is blamed on that parameter; the invoice's, on the subscription.
        if (command.SubscriptionId is { } subscriptionId)
            currency = (await Subscriptions.SubscriptionLocks.LockNamedAsync(billing, subscriptionId, customer.Id, currency,
                command.Currency is null ? "subscription" : command.CurrencyParam ?? "currency")).Currency;

        var details = command.Details;
        var item = new InvoiceItem
        {
            AccountId = billing.AccountId,
            Id = Ids.New(Ids.InvoiceItem),
            Created = billing.Now,
            CustomerId = customer.Id,
            TestClockId = customer.TestClockId,
            Currency = currency ?? customer.Currency ?? Domain.Money.Currencies.AccountDefault,
            PeriodStart = details.PeriodStart ?? billing.Now,
            PeriodEnd = details.PeriodEnd ?? billing.Now,
            Description = details.Description,
            Discountable = details.Discountable,
            Metadata = details.Metadata,
            Attributes = details.Attributes,
        };
        item.SetUnitAmount(details.UnitAmountDecimal, details.Quantity);
        if (command.SubscriptionId is { } named) Subscriptions.SubscriptionPendingItems.BelongTo(item, named);
        store.AddItem(item);
        invoice?.AddLine(item, Ids.New(Ids.InvoiceLine));

        await billing.Events.InvoiceItemAsync(BillingOutcome.InvoiceItemCreated, item);
        if (invoiceChange is not null) await invoiceChange.EmitIfChangedAsync();
        return item;
    }
}
