using System.Text.Json.Nodes;
using PaymentRecords.Domain.Scheduling;
using PaymentRecords.Domain.Subscriptions;

namespace PaymentRecords.Application.Subscriptions;

/// <param name="DefaultPaymentMethodId">null: unchanged; <c>new(null)</c>: cleared.</param>
/// <param name="Description">null: unchanged; <c>new(null)</c>: cleared.</param>
/// <param name="DaysUntilDue">null: unchanged; <c>new(null)</c>: cleared.</param>
/// <param name="PaymentSettings">Keys of <c>payment_settings</c> to set ("" unsets one), or null: unchanged.</param>
public sealed record UpdateSubscriptionCommand(
    string SubscriptionId,
    FieldChange<string>? DefaultPaymentMethodId = null,
    MetadataChange? Metadata = null,
    FieldChange<string>? Description = null,
    bool? CancelAtPeriodEnd = null,
    string? CollectionMethod = null,
    FieldChange<long?>? DaysUntilDue = null,
    JsonObject? PaymentSettings = null,
    SubscriptionItemChanges? Items = null,
    FieldChange<CancelAtRequest>? CancelAt = null,
    CancellationDetailsChange? CancellationDetails = null,
    FieldChange<PauseCollectionRequest>? PauseCollection = null,
    TrialRequest? Trial = null,
    IReadOnlyList<Invoices.DiscountRequest>? Discounts = null);

/// <summary><c>pause_collection[behavior]</c> and <c>pause_collection[resumes_at]</c>.</summary>
public sealed record PauseCollectionRequest(string Behavior, long? ResumesAt);

/// <summary><c>cancellation_details[comment|feedback]</c> on update: each given key set (or cleared), the reason left to Stripe's rules.</summary>
public sealed record CancellationDetailsChange(FieldChange<string>? Comment, FieldChange<string>? Feedback);

/// <summary>
/// POST /v1/subscriptions/{id}: default_payment_method (the customer's own), metadata, description,
/// cancel_at_period_end (the period end then cancels it: RenewSubscription), collection_method with
/// days_until_due, payment_settings, pause_collection (its resumes_at is due work), trial_end and trial_settings
/// (<see cref="SubscriptionTrialChange"/>); <c>items[]</c> with proration_behavior / proration_date through
/// <see cref="UpdateSubscriptionItems"/> (the customer is then locked before the subscription, as billing needs).
/// A canceled (or otherwise ended) subscription takes only metadata and cancellation_details.
/// Event: <c>customer.subscription.updated</c> with the old values of what changed (none when nothing did).
/// </summary>
public sealed class UpdateSubscription(BillingContext billing)
{
    public async Task<Subscription> RunAsync(UpdateSubscriptionCommand command)
    {
        var store = billing.Subscriptions;
        // Items and a trial's end may bill: the customer is locked first.
        var bills = command.Items is not null || command.Trial is { EndsNow: true } or { TrialEnd: not null };
        var subscription = bills
            ? await SubscriptionLocks.LockForChangeAsync(billing, command.SubscriptionId)
            : await store.LockAsync(command.SubscriptionId) ?? throw new NotFound("subscription", command.SubscriptionId);
        billing.BillFor(subscription.CustomerId);
        if (!SubscriptionStatusMachine.CanCancel(subscription.Status) && !OnlyNotes(command))
            throw new SubscriptionRefused(SubscriptionRefusal.Ended, null, subscription.Id, subscription.Status.Wire());
        if (command.DefaultPaymentMethodId?.Value is { } pmId)
        {
            var pm = await store.PaymentMethodAsync(pmId) ?? throw new NotFound("PaymentMethod", pmId, "default_payment_method");
            if (pm.CustomerId != subscription.CustomerId) throw new SubscriptionRefused(SubscriptionRefusal.PaymentMethodNotAttached, "default_payment_method", pm.Id);
        }

        if (command.DaysUntilDue?.Value is not null && (command.CollectionMethod ?? subscription.CollectionMethod) != Subscription.SendInvoice)
            throw new SubscriptionRefused(SubscriptionRefusal.SendInvoiceOnly, "days_until_due");

        // Items change what the subscription renders from its items: that watch reads them again afterwards.
        var change = bills ? null : await billing.Events.WatchSubscriptionAsync(subscription);
        var itemsChange = bills ? await billing.Events.WatchSubscriptionAndItemsAsync(subscription) : null;
        // Set before anything this update bills, so that an invoice it makes takes them.
        if (command.Discounts is { } discounts) await SubscriptionDiscountChange.SetAsync(billing, subscription, discounts);
        if (command.DefaultPaymentMethodId is { } dpm) subscription.DefaultPaymentMethodId = dpm.Value;
        if (command.Metadata is { } metadata) subscription.Metadata = metadata.ApplyTo(subscription.Metadata);
        if (command.Description is { } description) subscription.Description = description.Value;
        if (command.CancelAtPeriodEnd is { } atPeriodEnd)
            subscription.SetCancelAtPeriodEnd(atPeriodEnd, billing.Now, (await store.ItemsAsync(subscription.Id)).Select(i => i.CurrentPeriodEnd).DefaultIfEmpty(billing.Now).Min());
        if (command.CancellationDetails is { } cancellation)
        {
            var details = subscription.Attributes[Subscription.CancellationDetailsKey] as JsonObject
                ?? Subscription.CancellationDetails(null);
            if (cancellation.Comment is { } comment) details["comment"] = comment.Value;
            if (cancellation.Feedback is { } feedback) details["feedback"] = feedback.Value;
            subscription.Attributes[Subscription.CancellationDetailsKey] = details.DeepClone();
        }
        if (command.CollectionMethod is { } method)
        {
            subscription.CollectionMethod = method;
            if (method == Subscription.ChargeAutomatically) subscription.DaysUntilDue = null;
        }
        if (command.DaysUntilDue is { } days) subscription.DaysUntilDue = days.Value;
        if (command.PaymentSettings is { } patch)
            subscription.Attributes[Subscription.PaymentSettingsKey] = ApplyPaymentSettings(subscription.Attributes[Subscription.PaymentSettingsKey] as JsonObject, patch);
        if (command.CancelAt is { } cancelAt)
        {
            subscription.CancelAt = cancelAt.Value?.Resolve(billing.Now, (await store.ItemsAsync(subscription.Id)).Select(i => i.CurrentPeriodEnd));
            // Its moment is due work (an earlier cancel_at's row stays and does nothing then: SubscriptionTimers).
            if (subscription.CancelAt is { } at && !await billing.Schedule.IsDueAsync(DueWorkKinds.SubscriptionCancelAt, subscription.Id, at))
                SubscriptionSchedule.CancelAt(billing, subscription, await billing.Schedule.TestClockOfCustomerAsync(subscription.CustomerId));
        }
        if (command.PauseCollection is { } pause)
        {
            if (pause.Value is not { } paused) subscription.ResumeCollection();
            else
            {
                if (paused.ResumesAt is { } resumesAt && resumesAt <= billing.Now)
                    throw new SubscriptionRefused(SubscriptionRefusal.NotInFuture, "pause_collection[resumes_at]", resumesAt.ToString(System.Globalization.CultureInfo.InvariantCulture));
                subscription.PauseCollection(paused.Behavior, paused.ResumesAt);
                // Its end is due work (an earlier resumes_at's row stays and does nothing then: SubscriptionTimers).
                if (paused.ResumesAt is { } at && !await billing.Schedule.IsDueAsync(DueWorkKinds.SubscriptionCollectionResumes, subscription.Id, at))
                    billing.Schedule.Add(new DueWork
                    {
                        AccountId = billing.AccountId, Kind = DueWorkKinds.SubscriptionCollectionResumes, ObjectId = subscription.Id, DueAt = at,
                        TestClockId = subscription.TestClockId,
                    });
            }
        }
        // Items first: a trial ended now bills the items as this request leaves them.
        if (command.Items is { } items) await new UpdateSubscriptionItems(billing).ApplyAsync(subscription, ItemChangesWithTrial(subscription, items, command.Trial));
        var trialEnded = command.Trial is { } trial
            ? await SubscriptionTrialChange.ApplyAsync(billing, subscription, trial, command.Items?.ProrationBehavior ?? ProrationBehavior.CreateProrations)
            : null;
        change?.EmitIfChanged();
        if (itemsChange is not null) await itemsChange.EmitIfChangedAsync();
        if (trialEnded is { } outcome) await billing.Events.SubscriptionAsync(outcome, subscription);
        return subscription;
    }

    /// <summary>
    /// The item changes as the trial asked for in the same request leaves them: <c>trial_end=now</c> on a trialing
    /// subscription already starts the paid cycle now, so <c>billing_cycle_anchor=now</c> with it asks for nothing more;
    /// a future <c>trial_end</c> on an active one adds a trial, which no reset may go with.
    /// </summary>
    private static SubscriptionItemChanges ItemChangesWithTrial(Subscription subscription, SubscriptionItemChanges items, TrialRequest? trial) =>
        subscription.Status switch
        {
            SubscriptionStatus.Trialing when trial is { EndsNow: true } && items.Anchor == AnchorChange.Now => items with { Anchor = null },
            SubscriptionStatus.Active when trial is { TrialEnd: not null } => items with { AddsTrial = true },
            _ => items,
        };

    /// <summary>
    /// The update changes only metadata and cancellation_details: all an ended subscription takes (recorded against
    /// Stripe: "A canceled subscription can only update its cancellation_details and metadata.").
    /// </summary>
    private static bool OnlyNotes(UpdateSubscriptionCommand c) =>
        c.DefaultPaymentMethodId is null && c.Description is null && c.CancelAtPeriodEnd is null && c.CollectionMethod is null
        && c.DaysUntilDue is null && c.PaymentSettings is null && c.Items is null && c.CancelAt is null && c.PauseCollection is null
        && c.Trial is null && c.Discounts is null;

    /// <summary><paramref name="current"/> with the keys of <paramref name="patch"/> set ("" removes a key).</summary>
    public static JsonObject ApplyPaymentSettings(JsonObject? current, JsonObject patch)
    {
        var settings = current?.DeepClone().AsObject() ?? new JsonObject();
        foreach (var (key, value) in patch)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0) settings.Remove(key);
            else settings[key] = value?.DeepClone();
        }
        return settings;
    }
}

/// <param name="Comment">cancellation_details[comment].</param>
/// <param name="Feedback">cancellation_details[feedback].</param>
/// <param name="InvoiceNow">Stripe's <c>invoice_now</c>: a final invoice of the subscription's pending items (its prorations).</param>
/// <param name="Prorate">Stripe's <c>prorate</c>: credit the unused time of every item (pending invoice items).</param>
public sealed record CancelSubscriptionCommand(string SubscriptionId, string? Comment, string? Feedback, bool InvoiceNow = false, bool Prorate = false);

/// <summary>
/// DELETE /v1/subscriptions/{id}: cancels now — status <c>canceled</c>, <c>canceled_at</c> = <c>ended_at</c> = now,
/// <c>cancellation_details.reason=cancellation_requested</c>. Its invoices are left as they are (Stripe leaves open
/// invoices open). A canceled (or incomplete_expired) subscription is not found again (404, recorded against Stripe).
/// With <c>prorate</c>, the unused time of each item is credited (not for an <c>incomplete</c> or <c>trialing</c>
/// subscription: nothing was paid for); with <c>invoice_now</c>, the pending items are billed on a final invoice
/// (<see cref="SubscriptionPendingItems.InvoiceNowAsync"/>); either locks the customer first.
/// Events: the prorations' (<c>invoiceitem.created</c>) and the final invoice's, then <c>customer.subscription.deleted</c>.
/// </summary>
public sealed class CancelSubscription(BillingContext billing)
{
    public async Task<Subscription> RunAsync(CancelSubscriptionCommand command)
    {
        var bills = command.InvoiceNow || command.Prorate;
        var subscription = bills
            ? await SubscriptionLocks.LockForChangeAsync(billing, command.SubscriptionId, endedIsMissing: true)
            : await billing.Subscriptions.LockAsync(command.SubscriptionId) ?? throw new NotFound("subscription", command.SubscriptionId);
        billing.BillFor(subscription.CustomerId);
        // Recorded against Stripe: a canceled subscription is not found by a second cancel.
        if (!SubscriptionStatusMachine.CanCancel(subscription.Status)) throw new NotFound("subscription", subscription.Id);
        // Nothing was paid for an incomplete subscription's period, and a trial is free: no unused time to credit.
        var wasBilling = subscription.Status is not (SubscriptionStatus.Incomplete or SubscriptionStatus.Trialing);
        subscription.Cancel(billing.Now, Subscription.CancellationDetails(Subscription.CancellationRequested, command.Comment, command.Feedback));
        if (command.Prorate && wasBilling) await new UpdateSubscriptionItems(billing).CreditUnusedTimeAsync(subscription);
        if (command.InvoiceNow) await SubscriptionPendingItems.InvoiceNowAsync(billing, subscription, billsUsageSoFar: true);
        await billing.Events.SubscriptionAsync(BillingOutcome.SubscriptionCanceled, subscription);
        return subscription;
    }
}
