namespace Recommender.Core.Data;

/// <summary>Input data that cannot be used: a missing header or column, or more malformed rows than allowed.</summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException()
    {
    }

    public DataFormatException(string message)
        : base(message)
    {
    }

    public DataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The reject counts of the input, when the failure is about malformed rows.</summary>
    public RejectReport? Report { get; init; }
}
