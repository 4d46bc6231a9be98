using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.Application.Invoices;

/// <param name="Fields">The settings to change.</param>
/// <param name="FirstDraftOnlyParam">The first parameter given that only a draft takes (monetary values, collection_method…), if any.</param>
/// <param name="OnlyMetadata">The request changes nothing but metadata (allowed while payments hold a finalized invoice).</param>
public sealed record UpdateInvoiceCommand(string InvoiceId, InvoiceFieldsChange Fields, string? FirstDraftOnlyParam, bool OnlyMetadata);

/// <summary>
/// POST /v1/invoices/{id}. The invoice is locked. Once finalized, draft-only parameters are refused ("monetary
/// values, as well as collection_method, become uneditable"), and while open or paid payments hold it only metadata
/// may change. A <c>default_payment_method</c> must be attached to its customer.
/// Events: <c>invoice.updated</c> when its rendering changed; then <c>invoice.payment_attempt_required</c> when this
/// update turned auto_advance on for an open invoice a custom payment attempt must pay (<see cref="PaymentAttemptRequired"/>;
/// the subscription's default payment method counts before the customer's). A renewal whose retries paused while
/// auto_advance was off resumes them instead (<see cref="Subscriptions.RenewalDunning.ResumeAsync"/>, given <c>dunning</c>).
/// </summary>
public sealed class UpdateInvoice(BillingContext billing, Scheduling.DunningOptions? dunning = null)
{
    public async Task<Invoice> RunAsync(UpdateInvoiceCommand command)
    {
        var store = billing.Invoices;
        // A request that turns auto_advance on may resume a renewal's attempts, which can make the customer delinquent:
        // the customer is locked first then (the lock order), otherwise the invoice alone.
        Domain.Customers.Customer? locked = null;
        Invoice invoice;
        if (command.Fields.AutoAdvance == true) (locked, invoice) = await store.LockCustomerThenInvoiceAsync(command.InvoiceId);
        else invoice = await store.LockInvoiceAsync(command.InvoiceId);
        billing.BillFor(invoice.CustomerId);
        if (invoice.Status != InvoiceStatus.Draft && command.FirstDraftOnlyParam is { } param)
            throw new InvoiceEditRefused(InvoiceEditRefusal.NotEditable, param, invoice);
        if (invoice.Status != InvoiceStatus.Draft && !command.OnlyMetadata) await store.RequireNotHeldAsync(invoice, InvoiceAction.EditMoney);
        await InvoiceFields.RequireDefaultPaymentMethodAsync(billing, command.Fields, invoice.CustomerId);

        // An update never changes the lines: the invoice renders from the lines the watch reads once.
        var change = await billing.Events.WatchInvoiceAsync(invoice);
        var wasAutoAdvance = invoice.AutoAdvance;
        InvoiceFields.Apply(invoice, command.Fields);
        if (command.Fields.Discounts is { } discounts) await InvoiceDiscountChange.SetAsync(billing, invoice, discounts);
        // auto_advance turned on for a draft with no time given: "Stripe calculates and sets the time according to the
        // configurable grace period", an hour from now (never at once because the draft is old).
        if (!wasAutoAdvance && invoice.AutoAdvance && invoice.Status == InvoiceStatus.Draft && command.Fields.AutomaticallyFinalizesAt is null)
            invoice.AutomaticallyFinalizesAt = billing.Now + Scheduling.AutoFinalizeDraft.GracePeriodSeconds;
        change.EmitIfChanged();
        if (wasAutoAdvance || !invoice.AutoAdvance) return invoice;
        var customer = locked ?? await store.CustomerAsync(invoice.CustomerId);
        // A renewal whose retries paused while auto_advance was off makes its next attempt now (it sends the event itself).
        if (dunning is not null && customer is not null && await Subscriptions.RenewalDunning.ResumeAsync(billing, customer, invoice, dunning)) return invoice;
        if (await CustomPaymentRequired.AppliesAsync(billing, invoice, customer))
            await billing.Events.InvoiceAsync(BillingOutcome.InvoicePaymentAttemptRequired, invoice, null);
        return invoice;
    }
}
