using System.Globalization;
using System.Text;

namespace Recommender.Core.Data;

/// <summary>What a loader read from one source: rows read, accepted, rejected by reason, duplicates merged.</summary>
public sealed class RejectReport
{
    /// <summary>How many rejected rows are kept as examples for messages.</summary>
    public const int MaxExamples = 5;

    private static readonly RejectReason[] _allReasons = Enum.GetValues<RejectReason>();

    private readonly long[] _rejected = new long[_allReasons.Length];
    private readonly List<RejectedRow> _examples = [];

    public RejectReport(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
    }

    /// <summary>The file or blob name the rows came from.</summary>
    public string Source { get; }

    /// <summary>Data rows read (the header and blank lines are not rows).</summary>
    public long RowsRead { get; private set; }

    /// <summary>Rows that parsed; duplicates merged later are included here.</summary>
    public long Accepted => RowsRead - Rejected;

    /// <summary>Rows rejected for any reason.</summary>
    public long Rejected { get; private set; }

    /// <summary>Accepted rows dropped because a later event for the same (user, item) pair won.</summary>
    public long DuplicatesMerged { get; private set; }

    /// <summary>Rejected / RowsRead (0 for an empty input).</summary>
    public double RejectRate => RowsRead == 0 ? 0 : (double)Rejected / RowsRead;

    /// <summary>The first few rejected rows, in file order.</summary>
    public IReadOnlyList<RejectedRow> Examples => _examples;

    /// <summary>Rejected rows per reason; every reason is present, zeros included.</summary>
    public IReadOnlyDictionary<RejectReason, long> RejectedByReason
    {
        get
        {
            var counts = new Dictionary<RejectReason, long>(_allReasons.Length);
            foreach (RejectReason reason in _allReasons)
            {
                counts[reason] = _rejected[(int)reason];
            }

            return counts;
        }
    }

    /// <summary>Rejected rows for one reason.</summary>
    public long RejectedFor(RejectReason reason) => _rejected[(int)reason];

    /// <summary>One line such as "ratings.csv: 3 of 1,000 rows rejected (0.30%): WrongColumnCount 1, EmptyId 2".</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Source}: {Rejected:N0} of {RowsRead:N0} rows rejected ({RejectRate * 100:0.00}%)");
        string separator = ": ";
        foreach (RejectReason reason in _allReasons)
        {
            long count = _rejected[(int)reason];
            if (count > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{separator}{reason} {count:N0}");
                separator = ", ";
            }
        }

        if (_examples.Count > 0)
        {
            text.Append("; first: ");
            for (int i = 0; i < _examples.Count; i++)
            {
                RejectedRow row = _examples[i];
                text.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? string.Empty : "; ")}line {row.LineNumber} {row.Reason} ({row.Detail})");
            }
        }

        return text.ToString();
    }

    /// <summary>Throws <see cref="DataFormatException"/> when the reject rate exceeds <paramref name="maxRejectRate"/>.</summary>
    public void ThrowIfOverLimit(double maxRejectRate)
    {
        if (RejectRate > maxRejectRate)
        {
            throw new DataFormatException(
                string.Create(CultureInfo.InvariantCulture, $"Too many malformed rows (limit {maxRejectRate * 100:0.00}%). {Describe()}"))
            {
                Report = this,
            };
        }
    }

    internal void CountRow() => RowsRead++;

    internal void CountReject(RejectReason reason, long lineNumber, ReadOnlySpan<char> excerpt)
    {
        _rejected[(int)reason]++;
        Rejected++;
        if (_examples.Count < MaxExamples)
        {
            const int MaxExcerpt = 60;
            string detail = excerpt.Length > MaxExcerpt ? string.Concat(excerpt[..MaxExcerpt], "...") : excerpt.ToString();
            _examples.Add(new RejectedRow(lineNumber, reason, detail));
        }
    }

    /// <summary>
    /// Counts a record with unbalanced quotes as rejected rows, one per physical line it swallowed, so a stray
    /// quote that runs on over many lines shows up in the reject rate instead of silently hiding those rows.
    /// </summary>
    internal void CountUnbalancedQuotes(long lineNumber, long lineCount)
    {
        long extraLines = Math.Max(0, lineCount - 1);
        RowsRead += extraLines;
        _rejected[(int)RejectReason.WrongColumnCount] += extraLines;
        Rejected += extraLines;
        CountReject(RejectReason.WrongColumnCount, lineNumber, string.Create(CultureInfo.InvariantCulture, $"unbalanced quotes over {Math.Max(1, lineCount)} line(s)"));
    }

    internal void CountDuplicatesMerged(long count) => DuplicatesMerged += count;
}
