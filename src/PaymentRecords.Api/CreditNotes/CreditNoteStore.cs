using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PaymentRecords.Api.Invoices;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.PaymentRecords;
using PaymentRecords.Persistence.Stores;

namespace PaymentRecords.Api.CreditNotes;

/// <summary>
/// Loading, row locks and rendering for credit notes. Lock order, always: the payment records a note cites (by id)
/// → the customer → the invoice → the credit note. Every write that moves an invoice's credit-note amounts holds
/// that invoice's row lock, and every citation of a refund group is counted while its payment record's row is
/// locked, so concurrent notes, even through two server instances, see one state.
/// </summary>
public static class CreditNoteStore
{
    public static IQueryable<CreditNote> Scope(RequestScope s) => s.Db.CreditNotes.Where(n => n.AccountId == s.AccountId);

    /// <summary>The locks and lookups, written once in Persistence (<see cref="EfCreditNoteStore"/>).</summary>
    public static EfCreditNoteStore Store(RequestScope s) => new(s.Db, s.AccountId);

    /// <summary>The note, read-only, or Stripe's 404 on <paramref name="param"/>.</summary>
    public static async Task<CreditNote> FindAsync(RequestScope s, string id, string param = "id") =>
        await Store(s).FindAsync(id) ?? throw new StripeException(ErrorCatalog.NoSuch("credit_note", id, param));

    /// <summary>SELECT … FOR UPDATE: the note, tracked and locked until commit.</summary>
    public static async Task<CreditNote> LockAsync(RequestScope s, string id, string param = "id") =>
        await Store(s).LockAsync(id) ?? throw new StripeException(ErrorCatalog.NoSuch("credit_note", id, param));

    /// <summary>The note's lines, untracked, unordered (GET …/lines pages them; a rendering embeds the first).</summary>
    public static IQueryable<CreditNoteLineItem> Lines(RequestScope s, string noteId) =>
        s.Db.CreditNoteLineItems.AsNoTracking().Where(l => l.AccountId == s.AccountId && l.CreditNoteId == noteId);

    /// <summary>The note's first lines in order (one more than embedded, to tell has_more).</summary>
    public static Task<List<CreditNoteLineItem>> EmbeddedLinesAsync(RequestScope s, string noteId) =>
        InvoiceStore.Rendering(s).FirstCreditNoteLinesAsync(noteId, CreditNoteRenderer.EmbeddedLines + 1);

    public static Task<List<CreditNoteRefund>> RefundsAsync(RequestScope s, string noteId) =>
        s.Db.CreditNoteRefunds.AsNoTracking().Where(r => r.AccountId == s.AccountId && r.CreditNoteId == noteId)
            .OrderBy(r => r.Position).ToListAsync();

    /// <summary>Renders a stored note as it stands in this transaction (pending changes are flushed first).</summary>
    public static async Task<JsonObject> RenderAsync(RequestScope s, CreditNote note)
    {
        if (s.Db.ChangeTracker.HasChanges()) await s.Db.SaveChangesAsync();
        var lines = await EmbeddedLinesAsync(s, note.Id);
        var refunds = await RefundsAsync(s, note.Id);
        return CreditNoteRenderer.Render(note, lines, refunds);
    }

    /// <summary>Renders a page of notes with two more reads in all: their first lines and their refunds.</summary>
    public static async Task<List<JsonObject>> RenderManyAsync(RequestScope s, IReadOnlyList<CreditNote> notes)
    {
        if (notes.Count == 0) return [];
        var ids = notes.Select(n => n.Id).ToArray();
        const int perNote = CreditNoteRenderer.EmbeddedLines + 1;
        var lines = await s.Db.FirstPerParentAsync<CreditNoteLineItem>(s.AccountId, nameof(CreditNoteLineItem.CreditNoteId), nameof(CreditNoteLineItem.Position), ids, perNote);
        var refunds = await s.Db.CreditNoteRefunds.AsNoTracking()
            .Where(r => r.AccountId == s.AccountId && ids.Contains(r.CreditNoteId)).ToListAsync();
        var linesByNote = lines.GroupBy(l => l.CreditNoteId).ToDictionary(g => g.Key, g => g.OrderBy(l => l.Position).ToList());
        var refundsByNote = refunds.GroupBy(r => r.CreditNoteId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Position).ToList());
        return notes.Select(n => CreditNoteRenderer.Render(n, linesByNote.GetValueOrDefault(n.Id) ?? [], refundsByNote.GetValueOrDefault(n.Id) ?? []))
            .ToList();
    }

    /// <summary>Expansion loader (a customer balance transaction's credit_note).</summary>
    public static async Task<JsonObject?> LoadAsync(RequestScope s, string id)
    {
        var note = await Scope(s).AsNoTracking().FirstOrDefaultAsync(n => n.Id == id);
        return note is null ? null : await RenderAsync(s, note);
    }
}
