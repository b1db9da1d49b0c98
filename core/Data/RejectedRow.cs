namespace Recommender.Core.Data;

/// <summary>One rejected row, kept as an example for error messages: its line, reason and a short excerpt.</summary>
public sealed record RejectedRow(long LineNumber, RejectReason Reason, string Detail);
