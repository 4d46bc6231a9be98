using System.Text.Json.Nodes;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.CreditNotes;

/// <summary>
/// A request's way to credit note data, all of it written in Persistence: the list queries (<see cref="EfCreditNoteReads"/>),
/// the locks and lookups (<see cref="EfCreditNoteStore"/>; lock order: the payment records a note cites → the customer →
/// the invoice → the note) and the reads of a rendering (<see cref="EfRenderingStore"/>). What is left here is the wire:
/// Stripe's 404s and the rendered JSON.
/// </summary>
public static class CreditNoteStore
{
    /// <summary>The list queries (<see cref="EfCreditNoteReads"/>).</summary>
    public static EfCreditNoteReads Reads(RequestScope s) => new(s.Db, s.AccountId);

    /// <summary>The locks and lookups, written once in Persistence (<see cref="EfCreditNoteStore"/>).</summary>
    public static EfCreditNoteStore Store(RequestScope s) => new(s.Db, s.AccountId);

    /// <summary>The note, read-only, or Stripe's 404 on <paramref name="param"/>.</summary>
    public static async Task<CreditNote> FindAsync(RequestScope s, string id, string param = "id") =>
        await Store(s).FindAsync(id) ?? throw new StripeException(ErrorCatalog.NoSuch("credit_note", id, param));

    /// <summary>Renders a stored note as it stands in this transaction (pending changes are flushed first).</summary>
    public static async Task<JsonObject> RenderAsync(RequestScope s, CreditNote note)
    {
        await s.FlushBeforeReadAsync();
        var store = InvoiceStore.Rendering(s);
        var lines = await store.FirstCreditNoteLinesAsync(note.Id, CreditNoteRenderer.EmbeddedLines + 1);
        var refunds = await store.CreditNoteCitationsAsync(note.Id);
        return CreditNoteRenderer.Render(note, lines, refunds);
    }

    /// <summary>Renders a page of notes with two more reads in all: their first lines and their refunds.</summary>
    public static async Task<List<JsonObject>> RenderManyAsync(RequestScope s, IReadOnlyList<CreditNote> notes)
    {
        if (notes.Count == 0) return [];
        var (lines, refunds) = await InvoiceStore.Rendering(s).CreditNotePageAsync(notes.Select(n => n.Id).ToList(), CreditNoteRenderer.EmbeddedLines + 1);
        return notes.Select(n => CreditNoteRenderer.Render(n, lines.GetValueOrDefault(n.Id) ?? [], refunds.GetValueOrDefault(n.Id) ?? [])).ToList();
    }

    /// <summary>Expansion loader (a customer balance transaction's credit_note).</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id) =>
        await Store(s).FindAsync(id) is { } note ? await RenderAsync(s, note) : null;
}
