namespace Recommender.Core.Data;

/// <summary>One rejected row, kept as an example: its line, reason, the offending field and the row's raw text (both cut short).</summary>
public sealed record RejectedRow(long LineNumber, RejectReason Reason, string Detail)
{
    /// <summary>The row as it stood in the file, cut to <see cref="RejectReport.MaxExampleText"/> characters.</summary>
    public string Text { get; init; } = string.Empty;
}
