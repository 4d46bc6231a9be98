using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application;
using PaymentRecords.Application.CreditNotes;
using PaymentRecords.Application.InvoicePayments;
using PaymentRecords.Application.Invoices;
using PaymentRecords.Application.Subscriptions;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.InvoicePayments;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.PaymentRecords;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.Persistence;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.IntegrationTests.Application;

/// <summary>
/// The invoice use cases with no HTTP request behind them: a DbContext of their own on the test database, a fixed
/// clock, and an event sink that records what happened. The events come in the order the HTTP path writes them
/// (InvoiceEventsTests, CreditNoteVoidTests), every billing timestamp is the context's clock, and the ledger rows are the same.
/// </summary>
[Collection(ServerCollection.Name)]
public class InvoiceUseCasesWithoutHttpTests(ServerFixture fixture)
{
    private static readonly DateTimeOffset Then = new(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
    private readonly string _account = "acct_nohttp_" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Finalize_void_mark_uncollectible_and_pay_run_on_a_db_context_alone()
    {
        var customerId = await SeedAsync(balance: -300, out var a, 1000, out var b, 200, out var c, 500);

        // Finalize applies the -300 credit: nothing changes on the invoice's status, the customer moves.
        var events = await RunAsync(ctx => new FinalizeInvoice(ctx).RunAsync(new FinalizeInvoiceCommand(a)));
        Assert.Equal([("invoice.finalized", InvoiceStatus.Open), ("customer.updated", null)], events);
        // Void gives it back.
        events = await RunAsync(ctx => new VoidInvoice(ctx).RunAsync(new VoidInvoiceCommand(a)));
        Assert.Equal([("invoice.voided", InvoiceStatus.Void), ("customer.updated", null)], events);
        // 200 against a -300 credit: nothing due, paid at once.
        events = await RunAsync(ctx => new FinalizeInvoice(ctx).RunAsync(new FinalizeInvoiceCommand(b)));
        Assert.Equal([("invoice.finalized", InvoiceStatus.Open), ("invoice.paid", InvoiceStatus.Paid),
            ("invoice.payment_succeeded", InvoiceStatus.Paid), ("customer.updated", null)], events);
        // 500 against the -100 left: 400 due; uncollectible, then paid out of band.
        events = await RunAsync(ctx => new FinalizeInvoice(ctx).RunAsync(new FinalizeInvoiceCommand(c, AutoAdvance: true)));
        Assert.Equal([("invoice.finalized", InvoiceStatus.Open), ("customer.updated", null)], events);
        events = await RunAsync(ctx => new MarkInvoiceUncollectible(ctx).RunAsync(new MarkInvoiceUncollectibleCommand(c)));
        Assert.Equal([("invoice.marked_uncollectible", InvoiceStatus.Uncollectible)], events);
        var named = await Assert.ThrowsAsync<NotHeld>(() => RunAsync(ctx =>
            new PayInvoice(ctx).RunAsync(new PayInvoiceCommand(c, true, new PaymentObjectRef("payment_method", "pm_x", "payment_method")))));
        Assert.Equal(("pm_x", "payment_method"), (named.Id, named.Param));
        var unpaid = await Assert.ThrowsAsync<InvoiceRefused>(() => RunAsync(ctx => new PayInvoice(ctx).RunAsync(new PayInvoiceCommand(c, false))));
        Assert.Equal(InvoiceRefusal.NoPaymentMethod, unpaid.Reason);
        events = await RunAsync(ctx => new PayInvoice(ctx).RunAsync(new PayInvoiceCommand(c, true)));
        Assert.Equal([("invoice.paid", InvoiceStatus.Paid)], events);
        var refused = await Assert.ThrowsAsync<InvoiceRefused>(() => RunAsync(ctx => new VoidInvoice(ctx).RunAsync(new VoidInvoiceCommand(b))));
        Assert.Equal((InvoiceAction.Void, InvoiceRefusal.Status), (refused.Action, refused.Reason));
        await Assert.ThrowsAsync<NotFound>(() => RunAsync(ctx => new FinalizeInvoice(ctx).RunAsync(new FinalizeInvoiceCommand("in_missing"))));

        // A 400 pre-payment credit note on a 1000 invoice, voided: the amount goes back to the open invoice.
        var (d, noteId) = await SeedCreditedInvoiceAsync(customerId, 1000, 400);
        events = await RunAsync(ctx => new VoidCreditNote(ctx).RunAsync(new VoidCreditNoteCommand(noteId)));
        Assert.Equal([("credit_note.voided", null), ("invoice.updated", InvoiceStatus.Open)], events);
        var again = await Assert.ThrowsAsync<CreditNoteVoidRefused>(() => RunAsync(ctx =>
            new VoidCreditNote(ctx).RunAsync(new VoidCreditNoteCommand(noteId))));
        Assert.True(again.Note.IsVoid);

        await using var db = NewDb();
        var voided = await db.CreditNotes.AsNoTracking().SingleAsync(n => n.AccountId == _account && n.Id == noteId);
        Assert.Equal((CreditNoteStatus.Void, (long?)Then.ToUnixTimeSeconds()), (voided.Status, voided.VoidedAt));
        var credited = await db.Invoices.AsNoTracking().SingleAsync(i => i.AccountId == _account && i.Id == d);
        Assert.Equal((0L, 1000L, InvoiceStatus.Open), (credited.PrePaymentCreditNotesAmount, credited.Totals(0).AmountRemaining, credited.Status));
        var invoices = await db.Invoices.AsNoTracking().Where(i => i.AccountId == _account).ToDictionaryAsync(i => i.Id);
        var now = Then.ToUnixTimeSeconds();
        Assert.Equal((InvoiceStatus.Void, now, now), (invoices[a].Status, invoices[a].FinalizedAt, invoices[a].VoidedAt));
        Assert.Equal((InvoiceStatus.Paid, now, 200L, -300L, -100L), (invoices[b].Status, invoices[b].PaidAt, invoices[b].Subtotal,
            invoices[b].StartingBalance, invoices[b].EndingBalance));
        // Paid, the invoice no longer advances (recorded against Stripe).
        Assert.Equal((InvoiceStatus.Paid, now, now, 400L, false), (invoices[c].Status, invoices[c].MarkedUncollectibleAt, invoices[c].PaidAt,
            invoices[c].AmountPaidOutOfBand, invoices[c].AutoAdvance));
        Assert.Equal(["0001", "0002", "0003"], new[] { a, b, c }.Select(id => invoices[id].Number![^4..]));
        var customer = await db.Customers.AsNoTracking().SingleAsync(x => x.AccountId == _account && x.Id == customerId);
        Assert.Equal((0L, "usd", 5L), (customer.Balance, customer.Currency, customer.NextInvoiceSequence));
        var ledger = await db.CustomerBalanceTransactions.AsNoTracking().Where(t => t.AccountId == _account)
            .OrderBy(t => t.Seq).Select(t => new { t.Type, t.Amount, t.EndingBalance, t.InvoiceId, t.Created }).ToListAsync();
        Assert.Equal([
            (CustomerBalanceTransaction.AppliedToInvoice, 300L, 0L, a),
            (CustomerBalanceTransaction.UnappliedFromInvoice, -300L, -300L, a),
            (CustomerBalanceTransaction.AppliedToInvoice, 200L, -100L, b),
            (CustomerBalanceTransaction.AppliedToInvoice, 100L, 0L, c),
        ], ledger.Select(t => (t.Type, t.Amount, t.EndingBalance, t.InvoiceId!)));
        Assert.All(ledger, t => Assert.Equal(now, t.Created));
    }

    [Fact]
    public async Task Attach_payment_and_a_guaranteed_record_pay_invoices_on_a_db_context_alone()
    {
        var customerId = await SeedAsync(balance: 0, out var a, 1000, out var b, 600, out _, 100);
        await RunAsync(ctx => new FinalizeInvoice(ctx).RunAsync(new FinalizeInvoiceCommand(a)));
        await RunAsync(ctx => new FinalizeInvoice(ctx).RunAsync(new FinalizeInvoiceCommand(b)));
        var guaranteed = await SeedRecordAsync(customerId, 1000, AttemptStatus.Guaranteed);
        var initiated = await SeedRecordAsync(customerId, 600, AttemptStatus.Initiated);

        // A guaranteed record pays at once, in the HTTP path's event order (AttachPaymentTests).
        var events = await RunAsync(ctx => new AttachPayment(ctx).RunAsync(new AttachPaymentCommand(a, guaranteed)));
        Assert.Equal([("invoice_payment.paid", null), ("invoice.updated", InvoiceStatus.Paid), ("invoice.paid", InvoiceStatus.Paid),
            ("invoice.payment_succeeded", InvoiceStatus.Paid)], events);
        // An initiated one only opens a payment; its attempt reported guaranteed later credits it.
        events = await RunAsync(ctx => new AttachPayment(ctx).RunAsync(new AttachPaymentCommand(b, initiated)));
        Assert.Empty(events);
        events = await RunAsync(async ctx =>
        {
            // The report itself is still an endpoint: here only the record's latest attempt status moves.
            var record = (await ctx.PaymentRecords.LockAsync(initiated))!;
            record.LatestAttemptStatus = AttemptStatus.Guaranteed;
            await new CreditGuaranteedRecord(ctx).RunAsync(record);
            return record;
        });
        Assert.Equal([("invoice_payment.paid", null), ("invoice.updated", InvoiceStatus.Paid), ("invoice.paid", InvoiceStatus.Paid),
            ("invoice.payment_succeeded", InvoiceStatus.Paid)], events);

        // Refusals, in the endpoint's order.
        var intent = await Assert.ThrowsAsync<NotHeld>(() => RunAsync(ctx => new AttachPayment(ctx).RunAsync(
            new AttachPaymentCommand(b, null, new PaymentObjectRef("payment_intent", "pi_x", "payment_intent")))));
        Assert.Equal(("pi_x", "payment_intent"), (intent.Id, intent.Param));
        var paid = await Assert.ThrowsAsync<InvoiceRefused>(() => RunAsync(ctx => new AttachPayment(ctx).RunAsync(new AttachPaymentCommand(a, initiated))));
        Assert.Equal((InvoiceAction.AttachPayment, InvoiceStatus.Paid), (paid.Action, paid.Invoice.Status));
        var missing = await Assert.ThrowsAsync<NotFound>(() => RunAsync(ctx => new AttachPayment(ctx).RunAsync(new AttachPaymentCommand(a, "pr_missing"))));
        Assert.Equal(("payment_record", "payment_record"), (missing.ObjectType, missing.Param));

        await using var db = NewDb();
        var now = Then.ToUnixTimeSeconds();
        var invoices = await db.Invoices.AsNoTracking().Where(i => i.AccountId == _account).ToDictionaryAsync(i => i.Id);
        Assert.Equal((InvoiceStatus.Paid, now, 1000L), (invoices[a].Status, invoices[a].PaidAt, invoices[a].AmountPaidByPayments));
        Assert.Equal((InvoiceStatus.Paid, now, 600L), (invoices[b].Status, invoices[b].PaidAt, invoices[b].AmountPaidByPayments));
        var payments = await db.InvoicePayments.AsNoTracking().Where(p => p.AccountId == _account).OrderBy(p => p.Seq).ToListAsync();
        Assert.Equal([(a, guaranteed, InvoicePaymentStatus.Paid, 1000L), (b, initiated, InvoicePaymentStatus.Paid, 600L)],
            payments.Select(p => (p.InvoiceId, p.PaymentRecordId, p.Status, p.AmountPaid ?? 0)));
        Assert.All(payments, p => Assert.Equal((now, (long?)now), (p.Created, p.PaidAt)));
    }

    [Fact]
    public async Task Subscription_create_and_its_first_payment_run_on_a_db_context_alone()
    {
        var customer = new Customer { AccountId = _account, Id = Ids.New(Ids.Customer), Created = 1, InvoicePrefix = Customer.NewInvoicePrefix() };
        var product = new Product { AccountId = _account, Id = Ids.New(Ids.Product), Created = 1, Name = "Gold" };
        var price = new Price
        {
            AccountId = _account, Id = Ids.New(Ids.Price), Created = 1, ProductId = product.Id, Currency = "usd", UnitAmount = 1250,
            Type = Price.Recurring, Interval = "month", IntervalCount = 1,
        };
        await using (var db = NewDb())
        {
            db.AddRange(customer, product, price);
            await db.SaveChangesAsync();
        }

        CreatedSubscription? created = null;
        var events = await RunAsync(async ctx => created = await new CreateSubscription(ctx).RunAsync(new CreateSubscriptionCommand(
            customer.Id, [new SubscriptionItemInput(price.Id, 2, [])], "charge_automatically", null, null, PaymentBehaviors.DefaultIncomplete,
            null, [], null)));
        Assert.Equal([("customer.subscription.created", null), ("invoice.created", InvoiceStatus.Draft), ("invoice.finalized", InvoiceStatus.Open),
            ("customer.updated", null)], events);
        var now = Then.ToUnixTimeSeconds();
        var invoiceId = created!.Invoice!.Id;
        await using (var db = NewDb())
        {
            var sub = await db.Subscriptions.AsNoTracking().SingleAsync(x => x.AccountId == _account);
            Assert.Equal((global::PaymentRecords.Domain.Subscriptions.SubscriptionStatus.Incomplete, now, now, invoiceId),
                (sub.Status, sub.Created, sub.BillingCycleAnchor, sub.LatestInvoiceId));
            var item = await db.SubscriptionItems.AsNoTracking().SingleAsync(x => x.AccountId == _account);
            Assert.Equal((now, Then.AddMonths(1).ToUnixTimeSeconds()), (item.CurrentPeriodStart, item.CurrentPeriodEnd));
            var invoice = await db.Invoices.AsNoTracking().SingleAsync(x => x.AccountId == _account && x.Id == invoiceId);
            Assert.Equal((2500L, BillingReasons.SubscriptionCreate, sub.Id, (long?)now), (invoice.Subtotal, invoice.BillingReason, invoice.SubscriptionId, invoice.FinalizedAt));
        }

        var record = await SeedRecordAsync(customer.Id, 2500, AttemptStatus.Guaranteed);
        events = await RunAsync(ctx => new AttachPayment(ctx).RunAsync(new AttachPaymentCommand(invoiceId, record)));
        Assert.Equal([("invoice_payment.paid", null), ("invoice.updated", InvoiceStatus.Paid), ("invoice.paid", InvoiceStatus.Paid),
            ("invoice.payment_succeeded", InvoiceStatus.Paid), ("customer.subscription.updated", null)], events);
        await using (var db = NewDb())
            Assert.Equal(global::PaymentRecords.Domain.Subscriptions.SubscriptionStatus.Active,
                (await db.Subscriptions.AsNoTracking().SingleAsync(x => x.AccountId == _account)).Status);
    }

    [Fact]
    public async Task Draft_create_add_lines_update_send_and_delete_run_on_a_db_context_alone()
    {
        var customer = new Customer { AccountId = _account, Id = Ids.New(Ids.Customer), Created = 1, InvoicePrefix = Customer.NewInvoicePrefix() };
        await SaveAsync(customer, []);
        var pending = new InvoiceItem { AccountId = _account, Id = Ids.New(Ids.InvoiceItem), Created = 1, CustomerId = customer.Id, Currency = "usd" };
        pending.SetAmount(300);
        await using (var db = NewDb())
        {
            db.InvoiceItems.Add(pending);
            await db.SaveChangesAsync();
        }
        var now = Then.ToUnixTimeSeconds();

        // Create takes the pending item as its first line, with the settings a job gives it.
        Invoice? draft = null;
        var fields = new InvoiceFieldsChange(CollectionMethod: Invoice.SendInvoice, DaysUntilDueGiven: true, DaysUntilDue: 7,
            Description: new FieldChange<string>("April"), Metadata: new MetadataChange(false, [KeyValuePair.Create("order", "42")]));
        var events = await RunAsync(async ctx => draft = await new CreateInvoice(ctx).RunAsync(new CreateInvoiceCommand(customer.Id, null, fields, IncludePending: true)));
        Assert.Equal([("invoice.created", InvoiceStatus.Draft)], events);

        // add_lines: a new item of 200 (invoiceitem.created), then the draft's invoice.updated.
        var noChange = new InvoiceItemDescriptiveChange(null, null, null, null, null, null);
        var line = new InvoiceLineInput(null, new InvoiceItemChange(new InvoiceItemAmountChange(200, null, "lines[0][amount]", null, true), null,
            "lines[0][pricing][price]", null, noChange));
        events = await RunAsync(ctx => new AddInvoiceLines(ctx).RunAsync(new AddInvoiceLinesCommand(draft!.Id, [line])));
        Assert.Equal([("invoiceitem.created", null), ("invoice.updated", InvoiceStatus.Draft)], events);

        // A due date on charge_automatically is refused under the invoice's lock; description changes alone.
        var refused = await Assert.ThrowsAsync<InvoiceEditRefused>(() => RunAsync(ctx => new UpdateInvoice(ctx).RunAsync(new UpdateInvoiceCommand(draft!.Id,
            new InvoiceFieldsChange(CollectionMethod: Invoice.ChargeAutomatically, DueDateGiven: true, DueDate: now + 86_400), null, false))));
        Assert.Equal((InvoiceEditRefusal.SendInvoiceOnly, "due_date"), (refused.Reason, refused.Param));
        await RunAsync(ctx => new UpdateInvoice(ctx).RunAsync(new UpdateInvoiceCommand(draft!.Id,
            new InvoiceFieldsChange(Description: new FieldChange<string>("May")), null, false)));

        // send: a send_invoice draft is finalized first; delete: drafts only.
        events = await RunAsync(ctx => new SendInvoice(ctx).RunAsync(new SendInvoiceCommand(draft!.Id)));
        Assert.Equal([("invoice.finalized", InvoiceStatus.Open), ("customer.updated", null), ("invoice.sent", InvoiceStatus.Open)], events);
        var notDeleted = await Assert.ThrowsAsync<InvoiceRefused>(() => RunAsync(ctx => new DeleteInvoice(ctx).RunAsync(new DeleteInvoiceCommand(draft!.Id))));
        Assert.Equal(InvoiceAction.Delete, notDeleted.Action);

        // A second draft with one item, deleted: the item is deleted with it, still naming it (as recorded against Stripe).
        Invoice? second = null;
        await RunAsync(async ctx => second = await new CreateInvoice(ctx).RunAsync(new CreateInvoiceCommand(customer.Id, null, InvoiceFieldsChange.None)));
        var item = new InvoiceItem { AccountId = "", Id = "", CustomerId = "", Currency = "" };
        item.SetAmount(50);
        InvoiceItem? made = null;
        await RunAsync(async ctx => made = await new CreateInvoiceItem(ctx).RunAsync(new CreateInvoiceItemCommand(customer.Id, second!.Id, null, null,
            new InvoiceItemDetails(item.UnitAmountDecimal, item.Quantity, null, true, null, null, [], new JsonObject()))));
        // send refuses a charge_automatically invoice, whatever its status.
        var notSent = await Assert.ThrowsAsync<InvoiceRefused>(() => RunAsync(ctx => new SendInvoice(ctx).RunAsync(new SendInvoiceCommand(second!.Id))));
        Assert.Equal((InvoiceAction.Send, InvoiceRefusal.NotSendInvoice), (notSent.Action, notSent.Reason));
        events = await RunAsync(ctx => new DeleteInvoice(ctx).RunAsync(new DeleteInvoiceCommand(second!.Id)));
        Assert.Equal([("invoice.deleted", InvoiceStatus.Draft)], events);

        await using (var db = NewDb())
        {
            var invoice = await db.Invoices.AsNoTracking().SingleAsync(i => i.AccountId == _account && i.Id == draft!.Id);
            Assert.Equal((now, 500L, 2, "May", 7L, "42", InvoiceStatus.Open), (invoice.Created, invoice.Subtotal, invoice.LineCount, invoice.Description,
                invoice.DaysUntilDue!.Value, invoice.Metadata["order"], invoice.Status));
            var lines = await db.InvoiceItems.AsNoTracking().Where(i => i.AccountId == _account && i.InvoiceId == draft!.Id).OrderBy(i => i.LinePosition).ToListAsync();
            // The line add_lines made comes first (recorded against Stripe).
            Assert.Equal([(lines[0].Id, 200L, now), (pending.Id, 300L, 1L)], lines.Select(l => (l.Id, l.Amount, l.Created)));
            Assert.Equal((now, now), (lines[0].PeriodStart, lines[0].PeriodEnd));
            Assert.False(await db.Invoices.AnyAsync(i => i.AccountId == _account && i.Id == second!.Id));
            var gone = await db.InvoiceItems.AsNoTracking().SingleAsync(i => i.AccountId == _account && i.Id == made!.Id);
            Assert.Equal((second!.Id, true), (gone.InvoiceId, gone.Deleted));
        }
    }

    [Fact]
    public async Task A_quantity_change_prorates_and_a_renewal_draft_picks_up_the_pending_items_without_http()
    {
        var customer = new Customer { AccountId = _account, Id = Ids.New(Ids.Customer), Created = 1, InvoicePrefix = Customer.NewInvoicePrefix() };
        var product = new Product { AccountId = _account, Id = Ids.New(Ids.Product), Created = 1, Name = "Gold" };
        var price = new Price
        {
            AccountId = _account, Id = Ids.New(Ids.Price), Created = 1, ProductId = product.Id, Currency = "usd", UnitAmount = 1250,
            Type = Price.Recurring, Interval = "month", IntervalCount = 1,
        };
        await using (var db = NewDb())
        {
            db.AddRange(customer, product, price);
            await db.SaveChangesAsync();
        }
        CreatedSubscription? created = null;
        await RunAsync(async ctx => created = await new CreateSubscription(ctx).RunAsync(new CreateSubscriptionCommand(
            customer.Id, [new SubscriptionItemInput(price.Id, 2, [])], "send_invoice", 30, null, PaymentBehaviors.AllowIncomplete, null, [], null)));
        var sub = created!.Subscription;
        var item = created.Items[0];

        // At the period's start (the fixed clock): the whole old period is credited, the whole new one charged.
        var events = await RunAsync(ctx => new UpdateSubscription(ctx).RunAsync(new UpdateSubscriptionCommand(sub.Id,
            Items: new SubscriptionItemChanges([new SubscriptionItemChange("items[0]", item.Id, null, 3, false, null)]))));
        Assert.Equal([("invoiceitem.created", null), ("invoiceitem.created", null), ("customer.subscription.updated", null)], events);

        // What a renewal does: a draft of the subscription, and its pending items on it, in the order they were made.
        Invoice? draft = null;
        List<InvoiceItem>? billed = null;
        await RunAsync(async ctx =>
        {
            var locked = (await ctx.Subscriptions.LockAsync(sub.Id))!;
            draft = SubscriptionPendingItems.NewInvoice(ctx, locked, "subscription_cycle");
            billed = await SubscriptionPendingItems.AttachAllAsync(ctx, locked, draft);
            ctx.Subscriptions.AddInvoice(draft, []);
            return draft;
        });
        Assert.Equal([-2500L, 3750L], billed!.Select(i => i.Amount));
        Assert.Equal(1250, draft!.Subtotal);
        await using (var db = NewDb())
        {
            Assert.Equal(3, (await db.SubscriptionItems.AsNoTracking().SingleAsync(x => x.AccountId == _account)).Quantity);
            var lines = await db.InvoiceItems.AsNoTracking().Where(x => x.AccountId == _account && x.InvoiceId == draft.Id).OrderBy(x => x.LinePosition).ToListAsync();
            Assert.Equal([-2500L, 3750L], lines.Select(l => l.Amount));
        }
    }

    /// <summary>A payment record of the customer whose one attempt is <paramref name="status"/>.</summary>
    private async Task<string> SeedRecordAsync(string customerId, long amount, AttemptStatus status)
    {
        var record = new PaymentRecord
        {
            AccountId = _account, Id = Ids.New(Ids.PaymentRecord), Created = 1, Currency = "usd", AmountRequested = amount,
            LatestAttemptId = Ids.New(Ids.PaymentAttemptRecord), LatestAttemptStatus = status, CustomerId = customerId,
        };
        var attempt = new PaymentAttemptRecord
        {
            AccountId = _account, Id = record.LatestAttemptId, Created = 1, PaymentRecordId = record.Id, Currency = "usd",
            AmountRequested = amount, Status = status, InitiatedAt = 1, GuaranteedAt = status == AttemptStatus.Guaranteed ? 1 : null,
        };
        await using var db = NewDb();
        db.PaymentRecords.Add(record);
        db.PaymentAttemptRecords.Add(attempt);
        await db.SaveChangesAsync();
        return record.Id;
    }

    /// <summary>One unit of work: its own DbContext and transaction, committed when the use case returns.</summary>
    private async Task<List<(string Type, InvoiceStatus? Status)>> RunAsync<T>(Func<BillingContext, Task<T>> useCase)
    {
        await using var db = NewDb();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var events = new RecordingEvents();
        await useCase(new BillingContext(_account, new SharedClock(new FixedClock(Then)), EfBillingStores.For(db, _account), events));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return events.Recorded;
    }

    /// <summary>An open invoice of <paramref name="amount"/> with an issued pre-payment credit note of <paramref name="credited"/>.</summary>
    private async Task<(string Invoice, string Note)> SeedCreditedInvoiceAsync(string customerId, long amount, long credited)
    {
        var (invoice, item) = Draft(customerId, amount);
        await using (var db = NewDb())
        {
            db.Invoices.Add(invoice);
            db.InvoiceItems.Add(item);
            await db.SaveChangesAsync();
        }
        await RunAsync(ctx => new FinalizeInvoice(ctx).RunAsync(new FinalizeInvoiceCommand(invoice.Id)));
        await using (var db = NewDb())
        {
            var open = await db.Invoices.SingleAsync(i => i.AccountId == _account && i.Id == invoice.Id);
            var note = new CreditNote
            {
                AccountId = _account, Id = Ids.New(Ids.CreditNote), Created = 1, InvoiceId = open.Id, CustomerId = customerId, Currency = "usd",
                Number = CreditNoteAmounts.Number(open.Number!, 1), Amount = credited, PrePaymentAmount = credited,
            };
            Assert.False(open.ApplyCreditNote(new CreditNoteSplit(credited, credited, 0), 1));
            db.CreditNotes.Add(note);
            await db.SaveChangesAsync();
            return (open.Id, note.Id);
        }
    }

    private Task<string> SeedAsync(long balance, out string a, long amountA, out string b, long amountB, out string c, long amountC)
    {
        var customer = new Customer
        {
            AccountId = _account, Id = Ids.New(Ids.Customer), Created = 1, InvoicePrefix = Customer.NewInvoicePrefix(), Balance = balance,
        };
        var drafts = new[] { amountA, amountB, amountC }.Select(amount => Draft(customer.Id, amount)).ToList();
        (a, b, c) = (drafts[0].Invoice.Id, drafts[1].Invoice.Id, drafts[2].Invoice.Id);
        return SaveAsync(customer, drafts);
    }

    private async Task<string> SaveAsync(Customer customer, List<(Invoice Invoice, InvoiceItem Item)> drafts)
    {
        await using var db = NewDb();
        db.Customers.Add(customer);
        foreach (var (invoice, item) in drafts)
        {
            db.Invoices.Add(invoice);
            db.InvoiceItems.Add(item);
        }
        await db.SaveChangesAsync();
        return customer.Id;
    }

    private (Invoice Invoice, InvoiceItem Item) Draft(string customerId, long amount)
    {
        var invoice = new Invoice { AccountId = _account, Id = Ids.New(Ids.Invoice), Created = 1, CustomerId = customerId, Currency = "usd" };
        var item = new InvoiceItem { AccountId = _account, Id = Ids.New(Ids.InvoiceItem), Created = 1, CustomerId = customerId, Currency = "usd" };
        item.SetAmount(amount);
        invoice.AddLine(item, Ids.New(Ids.InvoiceLine));
        return (invoice, item);
    }

    private PaymentRecordsDbContext NewDb() => new(new DbContextOptionsBuilder<PaymentRecordsDbContext>()
        .UseNpgsql(fixture.ConnectionString).UseSnakeCaseNamingConvention().Options);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Records each event with the invoice's status at that moment; customer.updated when the customer changed.</summary>
    private sealed class RecordingEvents : IBillingEvents
    {
        public List<(string Type, InvoiceStatus? Status)> Recorded { get; } = [];

        public Task InvoiceAsync(BillingOutcome what, Invoice invoice, Customer? customer)
        {
            foreach (var type in BillingEventCatalog.StripeTypes(what)) Recorded.Add((type, invoice.Status));
            return Task.CompletedTask;
        }

        public Task InvoicePaymentAsync(BillingOutcome what, InvoicePayment payment)
        {
            foreach (var type in BillingEventCatalog.StripeTypes(what)) Recorded.Add((type, null));
            return Task.CompletedTask;
        }

        public Task CreditNoteAsync(BillingOutcome what, CreditNote note, IReadOnlyList<CreditNoteRefund> citations, IReadOnlyList<CreditNoteLineItem>? lines = null)
        {
            foreach (var type in BillingEventCatalog.StripeTypes(what)) Recorded.Add((type, null));
            return Task.CompletedTask;
        }

        public Task UpcomingInvoiceAsync(Invoice preview, IReadOnlyList<InvoiceItem> lines, Customer? customer)
        {
            Recorded.Add((BillingEventCatalog.InvoiceUpcoming, null));
            return Task.CompletedTask;
        }

        public Task AlertTriggeredAsync(global::PaymentRecords.Domain.Meters.BillingAlert alert, global::PaymentRecords.Domain.Meters.BillingAlertTrigger trigger)
        {
            Recorded.Add(("billing.alert.triggered", null));
            return Task.CompletedTask;
        }

        public Task MeterAsync(BillingOutcome what, global::PaymentRecords.Domain.Meters.Meter meter)
        {
            foreach (var type in BillingEventCatalog.StripeTypes(what)) Recorded.Add((type, null));
            return Task.CompletedTask;
        }

        public Task CreditGrantAsync(BillingOutcome what, global::PaymentRecords.Domain.Credits.CreditGrant grant)
        {
            foreach (var type in BillingEventCatalog.StripeTypes(what)) Recorded.Add((type, null));
            return Task.CompletedTask;
        }

        public Task CreditBalanceTransactionAsync(global::PaymentRecords.Domain.Credits.CreditBalanceTransaction entry)
        {
            foreach (var type in BillingEventCatalog.StripeTypes(BillingOutcome.CreditBalanceTransactionCreated)) Recorded.Add((type, null));
            return Task.CompletedTask;
        }

        public Task TestClockAsync(BillingOutcome what, global::PaymentRecords.Domain.TestClocks.TestClock clock)
        {
            foreach (var type in BillingEventCatalog.StripeTypes(what)) Recorded.Add((type, null));
            return Task.CompletedTask;
        }

        public Task SubscriptionAsync(BillingOutcome what, global::PaymentRecords.Domain.Subscriptions.Subscription subscription)
        {
            foreach (var type in BillingEventCatalog.StripeTypes(what)) Recorded.Add((type, null));
            return Task.CompletedTask;
        }

        public Task<IChangeWatch> WatchSubscriptionAsync(global::PaymentRecords.Domain.Subscriptions.Subscription subscription) =>
            Task.FromResult<IChangeWatch>(new SubscriptionWatch(this, subscription));

        /// <summary>Item changes always change the subscription's rendering (its items): recorded as one update.</summary>
        public Task<IAsyncChangeWatch> WatchSubscriptionAndItemsAsync(global::PaymentRecords.Domain.Subscriptions.Subscription subscription) =>
            Task.FromResult<IAsyncChangeWatch>(new ItemsWatch(this));

        private sealed class ItemsWatch(RecordingEvents events) : IAsyncChangeWatch
        {
            public Task EmitIfChangedAsync()
            {
                events.Recorded.Add((BillingEventCatalog.SubscriptionUpdated, null));
                return Task.CompletedTask;
            }
        }

        private sealed class SubscriptionWatch(RecordingEvents events, global::PaymentRecords.Domain.Subscriptions.Subscription subscription) : IChangeWatch
        {
            private readonly global::PaymentRecords.Domain.Subscriptions.SubscriptionStatus _before = subscription.Status;

            public void EmitIfChanged()
            {
                if (subscription.Status != _before) events.Recorded.Add((BillingEventCatalog.SubscriptionUpdated, null));
            }
        }

        public Task PaymentMethodAsync(BillingOutcome what, global::PaymentRecords.Domain.PaymentMethods.PaymentMethod paymentMethod, string? detachedFrom = null)
        {
            foreach (var type in BillingEventCatalog.StripeTypes(what)) Recorded.Add((type, null));
            return Task.CompletedTask;
        }

        public IChangeWatch WatchPaymentMethod(global::PaymentRecords.Domain.PaymentMethods.PaymentMethod paymentMethod) => new NoWatch();

        public Task ProductAsync(BillingOutcome what, global::PaymentRecords.Domain.Catalog.Product product)
        {
            foreach (var type in BillingEventCatalog.StripeTypes(what)) Recorded.Add((type, null));
            return Task.CompletedTask;
        }

        public IObjectWatch WatchProduct(global::PaymentRecords.Domain.Catalog.Product product) => new NoWatch();

        public Task CouponAsync(BillingOutcome what, global::PaymentRecords.Domain.Catalog.Coupon coupon)
        {
            foreach (var type in BillingEventCatalog.StripeTypes(what)) Recorded.Add((type, null));
            return Task.CompletedTask;
        }

        public IObjectWatch WatchCoupon(global::PaymentRecords.Domain.Catalog.Coupon coupon) => new NoWatch();

        public Task PriceAsync(BillingOutcome what, global::PaymentRecords.Domain.Catalog.Price price)
        {
            foreach (var type in BillingEventCatalog.StripeTypes(what)) Recorded.Add((type, null));
            return Task.CompletedTask;
        }

        public IChangeWatch WatchPrice(global::PaymentRecords.Domain.Catalog.Price price) => new NoWatch();

        /// <summary>The no-HTTP story changes no payment method, product or price: nothing to record.</summary>
        private sealed class NoWatch : IObjectWatch
        {
            public bool Changed => false;

            public void EmitIfChanged() { }
        }

        public Task CustomerAsync(BillingOutcome what, Customer customer)
        {
            foreach (var type in BillingEventCatalog.StripeTypes(what)) Recorded.Add((type, null));
            return Task.CompletedTask;
        }

        public IChangeWatch WatchCustomer(Customer customer) => new Watch(this, customer);

        public Task<IChangeWatch> WatchCreditNoteAsync(CreditNote note, IReadOnlyList<CreditNoteRefund> citations) =>
            Task.FromResult<IChangeWatch>(new CreditNoteWatch(this, note));

        private sealed class CreditNoteWatch(RecordingEvents events, CreditNote note) : IChangeWatch
        {
            private readonly (string?, string) _before = (note.Memo, string.Join(",", note.Metadata.Select(kv => $"{kv.Key}={kv.Value}")));

            public void EmitIfChanged()
            {
                if ((note.Memo, string.Join(",", note.Metadata.Select(kv => $"{kv.Key}={kv.Value}"))) != _before)
                    events.Recorded.Add((BillingEventCatalog.CreditNoteUpdated, null));
            }
        }

        public Task<IChangeWatch> WatchInvoiceAsync(Invoice invoice) => Task.FromResult<IChangeWatch>(new InvoiceWatch(this, invoice));

        private sealed class InvoiceWatch(RecordingEvents events, Invoice invoice) : IChangeWatch
        {
            private readonly (InvoiceStatus, long, long) _before = (invoice.Status, invoice.PrePaymentCreditNotesAmount, invoice.PostPaymentCreditNotesAmount);

            public void EmitIfChanged()
            {
                if ((invoice.Status, invoice.PrePaymentCreditNotesAmount, invoice.PostPaymentCreditNotesAmount) != _before)
                    events.Recorded.Add((BillingEventCatalog.InvoiceUpdated, invoice.Status));
            }
        }

        public Task InvoiceItemAsync(BillingOutcome what, InvoiceItem item)
        {
            foreach (var type in BillingEventCatalog.StripeTypes(what)) Recorded.Add((type, null));
            return Task.CompletedTask;
        }

        public Task<IAsyncChangeWatch> WatchDraftInvoiceAsync(Invoice invoice, Customer? customer) =>
            Task.FromResult<IAsyncChangeWatch>(new DraftWatch(this, invoice));

        private sealed class DraftWatch(RecordingEvents events, Invoice invoice) : IAsyncChangeWatch
        {
            private readonly (int, long) _before = (invoice.LineCount, invoice.Subtotal);

            public Task EmitIfChangedAsync()
            {
                if ((invoice.LineCount, invoice.Subtotal) != _before) events.Recorded.Add((BillingEventCatalog.InvoiceUpdated, invoice.Status));
                return Task.CompletedTask;
            }
        }

        public JsonObject CustomerSnapshot(Customer customer) => new() { ["customer_name"] = customer.Name };

        public (string HostedInvoiceUrl, string InvoicePdf) InvoiceLinks(Invoice invoice) =>
            ($"https://invoices.test/{invoice.Id}", $"https://invoices.test/{invoice.Id}/pdf");

        private sealed class Watch(RecordingEvents events, Customer customer) : IChangeWatch
        {
            private readonly (long, long, string?) _before = (customer.Balance, customer.NextInvoiceSequence, customer.Currency);

            public void EmitIfChanged()
            {
                if ((customer.Balance, customer.NextInvoiceSequence, customer.Currency) != _before) events.Recorded.Add((BillingEventCatalog.CustomerUpdated, null));
            }
        }
    }
}
