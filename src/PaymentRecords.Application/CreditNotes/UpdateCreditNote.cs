using PaymentRecords.Domain.CreditNotes;

namespace PaymentRecords.Application.CreditNotes;

/// <param name="Memo">The new memo (null: left as it is).</param>
/// <param name="Metadata">The metadata change (null: none).</param>
public sealed record UpdateCreditNoteCommand(string CreditNoteId, FieldChange<string>? Memo, MetadataChange? Metadata);

/// <summary>
/// POST /v1/credit_notes/{id}: memo and metadata only (void notes included); the note is locked. Its amounts, lines
/// and citations never change here, so it renders from the lines and citations the watch reads once.
/// Events: <c>credit_note.updated</c> when its rendering changed (a watch).
/// </summary>
public sealed class UpdateCreditNote(BillingContext billing)
{
    public async Task<CreditNote> RunAsync(UpdateCreditNoteCommand command)
    {
        var note = await billing.CreditNotes.LockAsync(command.CreditNoteId) ?? throw new NotFound("credit_note", command.CreditNoteId);
        billing.BillFor(note.CustomerId);
        var change = await billing.Events.WatchCreditNoteAsync(note, await billing.CreditNotes.CitationsAsync(note.Id));
        if (command.Memo is { } memo) note.Memo = memo.Value;
        if (command.Metadata is { } metadata) note.Metadata = metadata.ApplyTo(note.Metadata);
        change.EmitIfChanged();
        return note;
    }
}
