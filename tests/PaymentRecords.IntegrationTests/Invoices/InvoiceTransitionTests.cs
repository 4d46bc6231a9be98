using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.Invoices.InvoiceKit;

namespace PaymentRecords.IntegrationTests.Invoices;

/// <summary>Every transition of the state machine, legal and illegal, with the fields each one sets.</summary>
[Collection(ServerCollection.Name)]
public sealed class InvoiceTransitionTests(ServerFixture fixture)
{
    private readonly InvoiceKit _kit = new(fixture.Client());
    private StripeTestClient Client => _kit.Client;

    /// <summary>An invoice of 1000 in the given status.</summary>
    private async Task<string> InStatusAsync(string status, string collectionMethod = "charge_automatically")
    {
        var customer = await _kit.CustomerAsync();
        var id = collectionMethod == "send_invoice"
            ? await _kit.DraftAsync(customer, ("collection_method", "send_invoice"), ("days_until_due", "30"))
            : await _kit.DraftAsync(customer);
        await _kit.ItemAsync(customer, id, ("amount", "1000"));
        if (status == "draft") return id;
        await _kit.FinalizeAsync(id);
        switch (status)
        {
            case "paid":
                (await _kit.ActionAsync(id, "pay", ("paid_out_of_band", "true"))).AssertOk();
                break;
            case "void":
                (await _kit.ActionAsync(id, "void")).AssertOk();
                break;
            case "uncollectible":
                (await _kit.ActionAsync(id, "mark_uncollectible")).AssertOk();
                break;
        }
        Assert.Equal(status, Str((await _kit.GetAsync(id))["status"]));
        return id;
    }

    [Fact]
    public async Task Finalize_numbers_the_invoice_from_the_customers_sequence()
    {
        var customer = await _kit.CustomerAsync(("invoice_prefix", "ACME42"), ("next_invoice_sequence", "7"));
        var id = await _kit.DraftAsync(customer, ("auto_advance", "false"));
        await _kit.ItemAsync(customer, id, ("amount", "1000"));
        var open = (await _kit.ActionAsync(id, "finalize", ("auto_advance", "true"))).AssertOk().Body;
        Assert.Equal("open", Str(open["status"]));
        Assert.Equal("ACME42-0007", Str(open["number"]));
        Assert.True(open["auto_advance"]!.GetValue<bool>());
        var finalizedAt = Long(open["status_transitions"]!["finalized_at"]);
        Assert.Equal(finalizedAt, Long(open["effective_at"]));
        Assert.InRange(finalizedAt, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        Assert.Null(open["due_date"]);
        Assert.Equal(1000, Long(open["amount_due"]));
        Assert.Equal(1000, Long(open["amount_remaining"]));
        Assert.Equal(0, Long(open["ending_balance"]));
        Assert.False(open["attempted"]!.GetValue<bool>());
        Assert.Equal(8, Long((await Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body["next_invoice_sequence"]));

        var second = await _kit.DraftAsync(customer);
        Assert.Equal("ACME42-0008", Str((await _kit.FinalizeAsync(second))["number"]));
        var custom = await _kit.DraftAsync(customer, ("number", "MY-OWN-1"));
        Assert.Equal("MY-OWN-1", Str((await _kit.FinalizeAsync(custom))["number"]));
        Assert.Equal(9, Long((await Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body["next_invoice_sequence"]));
    }

    [Fact]
    public async Task Finalize_sets_due_date_and_keeps_a_given_effective_at()
    {
        var customer = await _kit.CustomerAsync();
        var days = await _kit.DraftAsync(customer, ("collection_method", "send_invoice"), ("days_until_due", "10"), ("effective_at", "1700000000"));
        await _kit.ItemAsync(customer, days, ("amount", "500"));
        var open = await _kit.FinalizeAsync(days);
        // Counted from the invoice's creation (Invoice.DueDateAfter), not its finalization: a second may pass between them.
        Assert.Equal(Long(open["created"]) + 10 * 86400, Long(open["due_date"]));
        Assert.Equal(1700000000, Long(open["effective_at"]));

        // Recorded against Stripe: a send_invoice invoice is created with a due date or days until due.
        (await Client.PostAsync("/v1/invoices", ("customer", customer), ("collection_method", "send_invoice")))
            .AssertRefusedWithoutCode("If invoice collection method is 'send_invoice', you must specify 'due_date' or 'days_until_due'.");
        // A draft switched to send_invoice without either is due 30 days after it was created.
        var defaulted = await _kit.DraftAsync(customer);
        (await Client.PostAsync($"/v1/invoices/{defaulted}", ("collection_method", "send_invoice"))).AssertOk();
        await _kit.ItemAsync(customer, defaulted, ("amount", "500"));
        var open2 = await _kit.FinalizeAsync(defaulted);
        Assert.Equal(Long(open2["created"]) + 30 * 86400, Long(open2["due_date"]));

        var fixedDate = await _kit.DraftAsync(customer, ("collection_method", "send_invoice"), ("due_date", "1900000000"));
        await _kit.ItemAsync(customer, fixedDate, ("amount", "500"));
        Assert.Equal(1900000000, Long((await _kit.FinalizeAsync(fixedDate))["due_date"]));
    }

    [Fact]
    public async Task An_empty_invoice_finalizes_straight_to_paid()
    {
        var customer = await _kit.CustomerAsync();
        var id = await _kit.DraftAsync(customer);
        var paid = await _kit.FinalizeAsync(id);
        Assert.Equal("paid", Str(paid["status"]));
        Assert.Equal(0, Long(paid["total"]));
        Assert.Equal(0, Long(paid["amount_due"]));
        Assert.Equal(0, Long(paid["amount_paid"]));
        Assert.True(paid["attempted"]!.GetValue<bool>());
        Assert.Equal(Long(paid["status_transitions"]!["finalized_at"]), Long(paid["status_transitions"]!["paid_at"]));
        Assert.NotNull(paid["number"]);
    }

    [Theory]
    [InlineData("open")]
    [InlineData("paid")]
    [InlineData("void")]
    [InlineData("uncollectible")]
    public async Task Finalize_is_refused_unless_draft(string status)
    {
        var id = await InStatusAsync(status);
        var error = (await _kit.ActionAsync(id, "finalize"))
            .AssertRefusedWithoutCode("This invoice is already finalized, you can't re-finalize a non-draft invoice.");
        Assert.Equal("invalid_request_error", Str(error.Error["type"]));
    }

    [Theory]
    [InlineData("open")]
    [InlineData("uncollectible")]
    public async Task Pay_out_of_band_pays_open_and_uncollectible(string status)
    {
        var id = await InStatusAsync(status);
        var noMethod = (await _kit.ActionAsync(id, "pay")).AssertError(HttpStatusCode.BadRequest);
        Assert.Equal("invalid_request_error", Str(noMethod.Error["type"]));
        Assert.Contains("payment method", noMethod.ErrorMessage);
        (await _kit.ActionAsync(id, "pay", ("paid_out_of_band", "false"))).AssertError(HttpStatusCode.BadRequest);
        (await _kit.ActionAsync(id, "pay", ("payment_method", "pm_x"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "payment_method");
        Assert.Equal(status, Str((await _kit.GetAsync(id))["status"]));

        var paid = (await _kit.ActionAsync(id, "pay", ("paid_out_of_band", "true"), ("forgive", "true"))).AssertOk().Body;
        Assert.Equal("paid", Str(paid["status"]));
        Assert.Equal(1000, Long(paid["amount_paid"]));
        Assert.Equal(0, Long(paid["amount_remaining"]));
        Assert.Equal(0, Long(paid["amount_overpaid"]));
        Assert.NotNull(paid["status_transitions"]!["paid_at"]);
        if (status == "uncollectible") Assert.NotNull(paid["status_transitions"]!["marked_uncollectible_at"]);
    }

    [Theory]
    [InlineData("paid", "Invoice is already paid")]
    [InlineData("void", "You can only pass in open invoices. This invoice isn't open.")]
    public async Task Pay_is_refused_otherwise(string status, string message)
    {
        var id = await InStatusAsync(status);
        (await _kit.ActionAsync(id, "pay", ("paid_out_of_band", "true"))).AssertRefusedWithoutCode(message);
        Assert.Equal(status, Str((await _kit.GetAsync(id))["status"]));
    }

    /// <summary>Recorded against Stripe: paying a draft finalizes it, then pays it; out of band, nothing counts as attempted.</summary>
    [Fact]
    public async Task Paying_a_draft_finalizes_it_first()
    {
        var id = await InStatusAsync("draft");
        (await _kit.ActionAsync(id, "pay")).AssertError(HttpStatusCode.BadRequest);
        Assert.Equal("draft", Str((await _kit.GetAsync(id))["status"]));
        var paid = (await _kit.ActionAsync(id, "pay", ("paid_out_of_band", "true"))).AssertOk().Body;
        Assert.Equal("paid", Str(paid["status"]));
        Assert.NotNull(paid["number"]);
        Assert.Equal(1000, Long(paid["amount_paid"]));
        Assert.False(paid["attempted"]!.GetValue<bool>());
        Assert.Equal(0, Long(paid["attempt_count"]));
        Assert.Equal(Long(paid["status_transitions"]!["finalized_at"]), Long(paid["status_transitions"]!["paid_at"]));
        Assert.Equal(["invoice.finalized", "invoice.paid"], (await _kit.EventsAsync("invoice.finalized", "invoice.paid"))
            .Where(e => Str(e["data"]!["object"]!["id"]) == id).Select(e => Str(e["type"])));
    }

    [Theory]
    [InlineData("open")]
    [InlineData("uncollectible")]
    public async Task Void_from_open_and_uncollectible(string status)
    {
        var id = await InStatusAsync(status);
        var voided = (await _kit.ActionAsync(id, "void")).AssertOk().Body;
        Assert.Equal("void", Str(voided["status"]));
        Assert.NotNull(voided["status_transitions"]!["voided_at"]);
        Assert.Equal(1000, Long(voided["amount_remaining"]));
        Assert.Equal(0, Long(voided["amount_paid"]));
    }

    [Theory]
    [InlineData("draft", "You can only pass in open invoices. This invoice isn't open.")]
    [InlineData("paid", "Invoices with `paid` payments cannot be voided.")]
    [InlineData("void", "You can only pass in open invoices. This invoice isn't open.")]
    public async Task Void_is_refused_otherwise(string status, string message)
    {
        var id = await InStatusAsync(status);
        (await _kit.ActionAsync(id, "void")).AssertRefusedWithoutCode(message);
        Assert.Equal(status, Str((await _kit.GetAsync(id))["status"]));
    }

    [Fact]
    public async Task Mark_uncollectible_only_from_open()
    {
        var id = await InStatusAsync("open");
        var marked = (await _kit.ActionAsync(id, "mark_uncollectible")).AssertOk().Body;
        Assert.Equal("uncollectible", Str(marked["status"]));
        Assert.NotNull(marked["status_transitions"]!["marked_uncollectible_at"]);
        Assert.Equal(1000, Long(marked["amount_remaining"]));
        foreach (var status in new[] { "draft", "paid", "void", "uncollectible" })
        {
            var other = await InStatusAsync(status);
            (await _kit.ActionAsync(other, "mark_uncollectible")).AssertRefusedWithoutCode(status == "uncollectible"
                ? "This invoice has already been marked uncollectible." : "You can only pass in open invoices. This invoice isn't open.");
        }
    }

    [Fact]
    public async Task Send_finalizes_a_send_invoice_draft_and_sends_an_open_one()
    {
        var open = await InStatusAsync("open", "send_invoice");
        Assert.Equal("open", Str((await _kit.ActionAsync(open, "send")).AssertOk().Body["status"]));
        var draft = await InStatusAsync("draft", "send_invoice");
        var sentDraft = (await _kit.ActionAsync(draft, "send")).AssertOk().Body;
        Assert.Equal("open", Str(sentDraft["status"]));
        Assert.NotNull(sentDraft["number"]);
        Assert.NotNull(sentDraft["status_transitions"]!["finalized_at"]);
        Assert.Equal(["invoice.finalized", "invoice.sent"], (await _kit.EventsAsync("invoice.finalized", "invoice.sent"))
            .Where(e => Str(e["data"]!["object"]!["id"]) == draft).Select(e => Str(e["type"])));
        // Recorded against Stripe for a paid invoice; the same answer for the other settled states.
        foreach (var status in new[] { "paid", "void", "uncollectible" })
        {
            var id = await InStatusAsync(status, "send_invoice");
            (await _kit.ActionAsync(id, "send")).AssertRefusedWithoutCode(
                "This invoice cannot be sent right now. Please contact us via https://support.stripe.com/contact with details, so we can help.");
        }
    }

    [Fact]
    public async Task Send_refuses_a_charge_automatically_invoice_in_any_status()
    {
        foreach (var status in new[] { "draft", "open", "paid", "uncollectible", "void" })
        {
            var id = await InStatusAsync(status);
            var refused = (await _kit.ActionAsync(id, "send")).AssertError(HttpStatusCode.BadRequest);
            Assert.Equal("You can only manually send an invoice if its collection method is 'send_invoice'.", refused.ErrorMessage);
            Assert.Equal(status, Str((await _kit.GetAsync(id))["status"]));
        }
        Assert.Empty(await _kit.EventsAsync("invoice.sent"));
    }

    [Fact]
    public async Task Actions_on_a_missing_invoice_are_404()
    {
        // The param each names was recorded against Stripe.
        foreach (var (action, param) in new[] { ("finalize", "id"), ("pay", "id"), ("void", "id"), ("mark_uncollectible", "id"), ("send", "invoice"), ("add_lines", "invoice") })
        {
            var form = action == "add_lines" ? new[] { ("lines[0][amount]", "1") } : [];
            var missing = (await _kit.ActionAsync("in_nope", action, form)).AssertError(HttpStatusCode.NotFound, "resource_missing", param);
            Assert.Equal("No such invoice: 'in_nope'", missing.ErrorMessage);
        }
        (await Client.PostAsync("/v1/invoices/in_nope", ("description", "x"))).AssertError(HttpStatusCode.NotFound, "resource_missing", "id");
        (await Client.GetAsync("/v1/invoices/in_nope")).AssertError(HttpStatusCode.NotFound, "resource_missing", "invoice");
        (await Client.DeleteAsync("/v1/invoices/in_nope")).AssertError(HttpStatusCode.NotFound, "resource_missing", "invoice");
    }

    [Fact]
    public async Task Paid_and_void_are_terminal_for_every_action()
    {
        foreach (var status in new[] { "paid", "void" })
        {
            var id = await InStatusAsync(status);
            foreach (var action in new[] { "finalize", "void", "mark_uncollectible" })
                (await _kit.ActionAsync(id, action)).AssertRefusedWithoutCode();
            (await _kit.ActionAsync(id, "pay", ("paid_out_of_band", "true"))).AssertRefusedWithoutCode();
            (await _kit.ActionAsync(id, "add_lines", ("lines[0][amount]", "1"))).AssertError(HttpStatusCode.BadRequest, "invoice_not_editable");
            (await Client.DeleteAsync($"/v1/invoices/{id}")).AssertRefusedWithoutCode("You can only delete draft invoices.");
            Assert.Equal(status, Str((await _kit.GetAsync(id))["status"]));
        }
    }
    [Fact]
    public async Task A_retried_finalize_with_the_same_idempotency_key_replays_and_numbers_once()
    {
        var customer = await _kit.CustomerAsync();
        var id = await _kit.DraftAsync(customer);
        await _kit.ItemAsync(customer, id, ("amount", "100"));
        var key = Guid.NewGuid().ToString();
        var first = (await Client.PostIdempotentAsync($"/v1/invoices/{id}/finalize", key)).AssertOk();
        var replay = (await Client.PostIdempotentAsync($"/v1/invoices/{id}/finalize", key)).AssertOk();
        Assert.Equal(first.Raw, replay.Raw);
        Assert.Equal("true", replay.Header("Idempotent-Replayed"));
        Assert.Equal(2, Long((await Client.GetAsync($"/v1/customers/{customer}")).AssertOk().Body["next_invoice_sequence"]));
        Assert.Single(await _kit.EventsAsync("invoice.finalized"));
        var refused = await Client.PostIdempotentAsync($"/v1/invoices/{id}/finalize", Guid.NewGuid().ToString());
        refused.AssertRefusedWithoutCode();
    }
}
