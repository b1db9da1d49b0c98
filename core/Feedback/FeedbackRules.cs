namespace Recommender.Core.Feedback;

/// <summary>Validation rules shared by the HTTP endpoint, the queue function and the training job.</summary>
public static class FeedbackRules
{
    public const int MaxIdLength = 128;
    public const double MinRating = 0.5;
    public const double MaxRating = 5.0;

    /// <summary>Longest client-supplied event id; it becomes a table row key.</summary>
    public const int MaxEventIdLength = 64;

    /// <summary>The earliest event time: Azure Tables stores no DateTime before 1601-01-01 UTC.</summary>
    public static readonly DateTimeOffset MinTimestamp = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>True for event ids of 1-64 ASCII letters, digits, '-', '_' or '.': safe as a row key on every store.</summary>
    public static bool IsValidEventId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxEventIdLength)
        {
            return false;
        }

        foreach (char c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True for ids of 1-128 printable characters (no control characters, no lone surrogates).</summary>
    public static bool IsValidId(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            return false;
        }

        for (int i = 0; i < id.Length; i++)
        {
            char c = id[i];
            if (char.IsControl(c))
            {
                return false;
            }

            // A lone surrogate is not text: it cannot be encoded as UTF-8 for the queue or the table.
            if (char.IsSurrogate(c))
            {
                if (!char.IsHighSurrogate(c) || i + 1 == id.Length || !char.IsLowSurrogate(id[i + 1]))
                {
                    return false;
                }

                i++;
            }
        }

        return !string.IsNullOrWhiteSpace(id);
    }

    /// <summary>Returns null when the event is valid, else a sentence saying what is wrong.</summary>
    public static string? Check(string? userId, string? itemId, FeedbackKind kind, double? value)
    {
        if (!IsValidId(userId))
        {
            return "userId must be 1-128 printable characters";
        }

        if (!IsValidId(itemId))
        {
            return "itemId must be 1-128 printable characters";
        }

        if (kind == FeedbackKind.Rating)
        {
            return value is double v && v >= MinRating && v <= MaxRating
                ? null
                : $"a rating event needs a value between {MinRating} and {MaxRating}";
        }

        return value is null ? null : $"value is only allowed for rating events";
    }
}
