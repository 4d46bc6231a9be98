using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Customers;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.Application;
using PaymentRecords.Application.CreditNotes;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.CreditNotes;

/// <summary>
/// /v1/credit_notes: issue (with lines, an amount, or citations of refunds reported on payment records), preview,
/// list, retrieve, update (memo, metadata), void, and lines. Amount rules live in <see cref="CreditNoteAmounts"/>;
/// create and preview share <see cref="CreditNoteDrafts"/>.
/// </summary>
public static class CreditNotesApi
{
    public static readonly ObjectExpansions Expansions = new("credit_note", new Dictionary<string, string?>
    {
        ["customer"] = "customer",
        ["customer_balance_transaction"] = "customer_balance_transaction",
        ["discount_amounts.discount"] = null,
        ["invoice"] = "invoice",
        ["pretax_credit_amounts.credit_balance_transaction"] = null,
        ["pretax_credit_amounts.discount"] = null,
        ["refunds.refund"] = null,
        ["shipping_cost.shipping_rate"] = null,
    });

    public static readonly ObjectExpansions LineExpansions = new("credit_note_line_item", new Dictionary<string, string?>
    {
        ["discount_amounts.discount"] = null,
        ["pretax_credit_amounts.credit_balance_transaction"] = null,
        ["pretax_credit_amounts.discount"] = null,
    });

    private const string Tag = "Credit Notes";

    public static IEndpointRouteBuilder MapCreditNotes(this IEndpointRouteBuilder app)
    {
        app.MapStripe("POST", "/v1/credit_notes", StripeOperations.PostCreditNotes, "credit_note", Create).WithTags(Tag);
        app.MapStripe("GET", "/v1/credit_notes", StripeOperations.GetCreditNotes, "credit_note", List, isList: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/credit_notes/preview", StripeOperations.GetCreditNotesPreview, "credit_note", Preview).WithTags(Tag);
        app.MapStripe("GET", "/v1/credit_notes/preview/lines", StripeOperations.GetCreditNotesPreviewLines, "credit_note_line_item",
            PreviewLines, isList: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/credit_notes/{credit_note}/lines", StripeOperations.GetCreditNotesCreditNoteLines, "credit_note_line_item",
            Lines, isList: true).WithTags(Tag);
        app.MapStripe("GET", "/v1/credit_notes/{id}", StripeOperations.GetCreditNotesId, "credit_note", Retrieve).WithTags(Tag);
        app.MapStripe("POST", "/v1/credit_notes/{id}", StripeOperations.PostCreditNotesId, "credit_note", Update).WithTags(Tag);
        app.MapStripe("POST", "/v1/credit_notes/{id}/void", StripeOperations.PostCreditNotesIdVoid, "credit_note", Void).WithTags(Tag);
        return app;
    }

    // ------------------------------------------------------------------------------------------ create, preview

    /// <summary>Issues the note (<see cref="IssueCreditNote"/>).</summary>
    private static async Task<JsonObject> Create(RequestScope s)
    {
        var command = await CreditNoteParams.CommandAsync(s, s.Params);
        var billing = new RequestBilling(s);
        var draft = await billing.RunAsync(b => new IssueCreditNote(b).RunAsync(command), CreditNoteParams.Error);
        return await s.ExpandAsync(billing.Rendered(draft.Note), "credit_note");
    }

    /// <summary>What create would issue with the same parameters (<see cref="CreditNoteDrafts"/>); nothing is stored.</summary>
    private static async Task<JsonObject> Preview(RequestScope s)
    {
        var draft = await DraftAsync(s);
        var rendered = CreditNoteRenderer.Render(draft.Note, draft.Lines, draft.Refunds, CreditNoteRenderer.PreviewLinesUrl);
        return await s.ExpandAsync(rendered, "credit_note");
    }

    /// <summary>A preview's draft: no locks, and ids derived from the parameters (the same preview pages the same lines).</summary>
    private static async Task<CreditNoteDraft> DraftAsync(RequestScope s)
    {
        var command = await CreditNoteParams.CommandAsync(s, s.Params);
        return await new RequestBilling(s).RunAsync(b => new CreditNoteDrafts(b).DraftAsync(command, (prefix, index) => CreditNoteParams.PreviewId(s, prefix, index)),
            CreditNoteParams.Error);
    }

    /// <summary>The previewed note's lines, paginated (preview line ids are stable for the same parameters).</summary>
    private static async Task<JsonObject> PreviewLines(RequestScope s)
    {
        var draft = await DraftAsync(s);
        var (page, hasMore) = LinePages.Page(s.Params, draft.Lines, l => l.Id, "credit note line item");
        var list = Pagination.Envelope(page.Select(CreditNoteRenderer.RenderLine), hasMore, CreditNoteRenderer.PreviewLinesUrl);
        await s.Expansions.ApplyToListAsync(s, list, "credit_note_line_item", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    // ------------------------------------------------------------------------------------------ read

    private static async Task<JsonObject> Retrieve(RequestScope s)
    {
        var note = await CreditNoteStore.FindAsync(s, s.Route("id"));
        return await s.ExpandAsync(await CreditNoteStore.RenderAsync(s, note), "credit_note");
    }

    private static async Task<JsonObject> List(RequestScope s)
    {
        var p = s.Params;
        var filter = new CreditNoteListFilter(Pagination.Range(p.Values["created"]), p.String("customer"), p.String("invoice"));
        var (all, query) = await ApplicationErrors.MapAsync(() => CreditNoteStore.Reads(s).ListAsync(filter));
        var page = await Pagination.PageAsync(all, query, p, "credit_note");
        var list = Pagination.Envelope(await CreditNoteStore.RenderManyAsync(s, page.Items), page.HasMore, "/v1/credit_notes");
        await s.Expansions.ApplyToListAsync(s, list, "credit_note", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    /// <summary>GET …/lines: the note's lines in order, paginated by line id.</summary>
    private static async Task<JsonObject> Lines(RequestScope s)
    {
        var noteId = s.Route("credit_note");
        await CreditNoteStore.FindAsync(s, noteId, "credit_note");
        var (page, hasMore) = await LinePages.PageAsync(s.Params, CreditNoteStore.Reads(s).Lines(noteId), l => (int?)l.Position, l => l.Id,
            "credit note line item");
        var list = Pagination.Envelope(page.Select(CreditNoteRenderer.RenderLine), hasMore, CreditNoteRenderer.LinesUrl(noteId));
        await s.Expansions.ApplyToListAsync(s, list, "credit_note_line_item", s.Expand.Child("data") ?? ExpandTree.Empty);
        return list;
    }

    // ------------------------------------------------------------------------------------------ update, void

    /// <summary>decode → <see cref="UpdateCreditNote"/>: memo and metadata only (void notes included).</summary>
    private static async Task<JsonObject> Update(RequestScope s)
    {
        var p = s.Params;
        var command = new UpdateCreditNoteCommand(s.Route("id"), p.Has("memo") ? new FieldChange<string>(p.String("memo")) : null,
            p.MetadataUpdate() is { } update ? new MetadataChange(false, update.ToList()) : null);
        var billing = new RequestBilling(s);
        var note = await billing.RunAsync(c => new UpdateCreditNote(c).RunAsync(command), _ => null);
        return await s.ExpandAsync(billing.Rendered(note), "credit_note");
    }

    /// <summary>issued → void (<see cref="VoidCreditNote"/>).</summary>
    private static async Task<JsonObject> Void(RequestScope s)
    {
        var billing = new RequestBilling(s);
        var (note, _) = await billing.RunAsync(b => new VoidCreditNote(b).RunAsync(new VoidCreditNoteCommand(s.Route("id"))), e => e switch
        {
            CreditNoteVoidRefused { Note.IsVoid: true } r => CreditNoteErrors.CreditNoteAlreadyVoid(r.Note.Id),
            CreditNoteVoidRefused { Refusal: CreditNoteVoidRefusal.InvoiceNotOpen } => CreditNoteErrors.CreditNoteVoidInvoiceNotOpen(),
            _ => null,
        });
        return await s.ExpandAsync(billing.Rendered(note), "credit_note");
    }
}
