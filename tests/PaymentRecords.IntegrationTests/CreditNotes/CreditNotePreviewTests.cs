using System.Text.Json.Nodes;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.CreditNotes.CreditNoteKit;

namespace PaymentRecords.IntegrationTests.CreditNotes;

/// <summary>Preview and preview lines: what create then returns (but for ids and created), with nothing stored.</summary>
[Collection(ServerCollection.Name)]
public sealed class CreditNotePreviewTests(ServerFixture fixture)
{
    private readonly CreditNoteKit _kit = new(fixture);

    /// <summary>Blanks what legitimately differs between a preview and the note create returns.</summary>
    private static JsonObject Comparable(JsonObject note)
    {
        var copy = note.DeepClone().AsObject();
        copy["id"] = "*";
        // effective_at defaults to created; a given one must come through unchanged.
        if (Long(copy["effective_at"]) == Long(copy["created"])) copy["effective_at"] = 0;
        copy["created"] = 0;
        // An id: a preview stores no balance transaction, so it has none to name.
        copy["customer_balance_transaction"] = "*";
        var lines = copy["lines"]!.AsObject();
        lines["url"] = "*";
        foreach (var line in lines["data"]!.AsArray()) line!["id"] = "*";
        foreach (var refund in copy["refunds"]!.AsArray()) refund!["refund"] = "*";
        return copy;
    }

    private static JsonObject ComparableLines(JsonObject list)
    {
        var copy = list.DeepClone().AsObject();
        copy["url"] = "*";
        foreach (var line in copy["data"]!.AsArray()) line!["id"] = "*";
        return copy;
    }

    private async Task AssertPreviewEqualsCreateAsync(string invoice, params (string, string)[] form)
    {
        (string, string)[] all = [("invoice", invoice), .. form];
        var eventsBefore = (await _kit.Invoices.EventsAsync()).Count;
        var invoiceBefore = await _kit.Invoices.GetAsync(invoice);
        var preview = (await _kit.PreviewAsync(all)).AssertOk().Body;
        var previewLines = (await _kit.Client.GetAsync("/v1/credit_notes/preview/lines", [.. all, ("limit", "100")])).AssertOk().Body;
        Assert.Equal("/v1/credit_notes/preview/lines", Str(previewLines["url"]));
        Assert.Equal("/v1/credit_notes/preview/lines", Str(preview["lines"]!["url"]));
        Assert.StartsWith("cn_", Str(preview["id"]));
        Assert.Null(preview["customer_balance_transaction"]);

        // Nothing was stored: no event, no note, the invoice unchanged.
        Assert.Equal(eventsBefore, (await _kit.Invoices.EventsAsync()).Count);
        Assert.True(JsonNode.DeepEquals(invoiceBefore, await _kit.Invoices.GetAsync(invoice)));
        (await _kit.Client.GetAsync($"/v1/credit_notes/{Str(preview["id"])}")).AssertError(System.Net.HttpStatusCode.NotFound);

        var created = await _kit.IssueAsync(all);
        Assert.True(JsonNode.DeepEquals(Comparable(preview), Comparable(created)),
            $"preview {Comparable(preview).ToJsonString()}\ncreate  {Comparable(created).ToJsonString()}");
        var createdLines = (await _kit.Client.GetAsync($"/v1/credit_notes/{Str(created["id"])}/lines", ("limit", "100"))).AssertOk().Body;
        Assert.True(JsonNode.DeepEquals(ComparableLines(previewLines), ComparableLines(createdLines)),
            $"preview {previewLines.ToJsonString()}\ncreate  {createdLines.ToJsonString()}");
    }

    [Fact]
    public async Task Preview_of_an_amount_equals_the_created_note()
    {
        var (_, invoice) = await _kit.OpenInvoiceAsync(1000);
        await AssertPreviewEqualsCreateAsync(invoice, ("amount", "300"), ("memo", "m"), ("reason", "duplicate"), ("metadata[k]", "v"));
        // The next preview numbers the next note.
        var preview = (await _kit.PreviewAsync(("invoice", invoice), ("amount", "10"))).AssertOk().Body;
        Assert.EndsWith("-CN-02", Str(preview["number"]));
    }

    [Fact]
    public async Task Preview_of_lines_and_balance_credit_equals_the_created_note()
    {
        var (_, invoice) = await _kit.PaidInvoiceAsync(2000);
        var line = Str((await _kit.Client.GetAsync($"/v1/invoices/{invoice}/lines")).AssertOk().Body["data"]![0]!["id"]);
        await AssertPreviewEqualsCreateAsync(invoice,
            ("lines[0][type]", "invoice_line_item"), ("lines[0][invoice_line_item]", line), ("lines[0][amount]", "500"),
            ("lines[1][type]", "custom_line_item"), ("lines[1][unit_amount_decimal]", "33.3"), ("lines[1][quantity]", "3"),
            ("lines[1][description]", "Adjustment"),
            ("credit_amount", "400"), ("out_of_band_amount", "200"), ("effective_at", "1730000000"));
        Assert.Equal(1730000000, Long((await _kit.Client.GetAsync("/v1/credit_notes")).AssertOk().Body["data"]![0]!["effective_at"]));
    }

    [Fact]
    public async Task Preview_of_a_refund_citation_equals_the_created_note_and_cites_nothing()
    {
        var group = "preview-" + Guid.NewGuid().ToString("N");
        var (_, invoice, record) = await _kit.PaidByRecordAsync(1000, 450, group);
        // Previews do not cite: two previews both see the whole group.
        for (var i = 0; i < 2; i++)
            Assert.Equal(450, Long((await _kit.PreviewAsync([("invoice", invoice), .. Cite(0, record, group)])).AssertOk().Body["amount"]));
        await AssertPreviewEqualsCreateAsync(invoice, Cite(0, record, group));
        (await _kit.PreviewAsync([("invoice", invoice), .. Cite(0, record, group)])).AssertError(System.Net.HttpStatusCode.BadRequest,
            param: "refunds[0][payment_record_refund][refund_group]");
    }

    [Fact]
    public async Task Preview_lines_are_paginated_with_stable_ids()
    {
        var (_, invoice) = await _kit.OpenInvoiceAsync(100_000);
        var form = new List<(string, string)> { ("invoice", invoice) };
        for (var i = 0; i < 15; i++)
        {
            form.Add(($"lines[{i}][type]", "custom_line_item"));
            form.Add(($"lines[{i}][unit_amount]", "10"));
            form.Add(($"lines[{i}][description]", $"l{i}"));
        }
        var preview = (await _kit.PreviewAsync([.. form])).AssertOk().Body;
        Assert.Equal(10, preview["lines"]!["data"]!.AsArray().Count);
        Assert.True(preview["lines"]!["has_more"]!.GetValue<bool>());

        var page1 = (await _kit.Client.GetAsync("/v1/credit_notes/preview/lines", [.. form, ("limit", "6")])).AssertOk().Body;
        Assert.Equal(6, page1["data"]!.AsArray().Count);
        Assert.True(page1["has_more"]!.GetValue<bool>());
        var cursor = Str(page1["data"]![5]!["id"]);
        Assert.Equal(Str(preview["lines"]!["data"]![5]!["id"]), cursor);
        var page2 = (await _kit.Client.GetAsync("/v1/credit_notes/preview/lines", [.. form, ("limit", "6"), ("starting_after", cursor)])).AssertOk().Body;
        Assert.Equal(["l6", "l7", "l8", "l9", "l10", "l11"], page2["data"]!.AsArray().Select(l => Str(l!["description"])));
        var page3 = (await _kit.Client.GetAsync("/v1/credit_notes/preview/lines", [.. form, ("starting_after", Str(page2["data"]![5]!["id"]))])).AssertOk().Body;
        Assert.Equal(3, page3["data"]!.AsArray().Count);
        Assert.False(page3["has_more"]!.GetValue<bool>());
        var back = (await _kit.Client.GetAsync("/v1/credit_notes/preview/lines", [.. form, ("limit", "2"), ("ending_before", cursor)])).AssertOk().Body;
        Assert.Equal(["l3", "l4"], back["data"]!.AsArray().Select(l => Str(l!["description"])));
        (await _kit.Client.GetAsync("/v1/credit_notes/preview/lines", [.. form, ("starting_after", "cnli_nope")]))
            .AssertError(System.Net.HttpStatusCode.BadRequest, "resource_missing", "starting_after");
        (await _kit.Client.GetAsync("/v1/credit_notes/preview/lines", ("amount", "5"))).AssertError(System.Net.HttpStatusCode.BadRequest, "parameter_missing", "invoice");
        Assert.Empty((await _kit.Client.GetAsync("/v1/credit_notes")).AssertOk().Body["data"]!.AsArray());
    }
}
