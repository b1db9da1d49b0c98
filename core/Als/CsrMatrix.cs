namespace Recommender.Core.Als;

/// <summary>A compressed sparse row matrix of float values (row pointers, column indices, values).</summary>
public sealed class CsrMatrix
{
    public CsrMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, float[] values)
    {
        ArgumentNullException.ThrowIfNull(rowPointers);
        ArgumentNullException.ThrowIfNull(columnIndices);
        ArgumentNullException.ThrowIfNull(values);
        if (rows < 0 || columns < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), "Matrix dimensions must be non-negative.");
        }

        if (rowPointers.Length != rows + 1 || rowPointers[0] != 0 || rowPointers[rows] != columnIndices.Length
            || columnIndices.Length != values.Length)
        {
            throw new ArgumentException("Row pointers, column indices and values do not describe a CSR matrix.");
        }

        Rows = rows;
        Columns = columns;
        RowPointers = rowPointers;
        ColumnIndices = columnIndices;
        Values = values;
    }

    public int Rows { get; }

    public int Columns { get; }

    public int NonZeros => ColumnIndices.Length;

    public int[] RowPointers { get; }

    public int[] ColumnIndices { get; }

    public float[] Values { get; }

    public ReadOnlySpan<int> RowColumns(int row) => ColumnIndices.AsSpan(RowPointers[row], RowPointers[row + 1] - RowPointers[row]);

    public ReadOnlySpan<float> RowValues(int row) => Values.AsSpan(RowPointers[row], RowPointers[row + 1] - RowPointers[row]);

    /// <summary>
    /// Builds a CSR matrix from coordinate triples. Columns within a row come out sorted;
    /// duplicate (row, column) pairs are summed.
    /// </summary>
    public static CsrMatrix FromCoordinates(int rows, int columns, ReadOnlySpan<int> rowIndices, ReadOnlySpan<int> columnIndices, ReadOnlySpan<float> values)
    {
        if (rowIndices.Length != columnIndices.Length || rowIndices.Length != values.Length)
        {
            throw new ArgumentException("Coordinate arrays must have the same length.");
        }

        var counts = new int[rows + 1];
        foreach (int r in rowIndices)
        {
            if ((uint)r >= (uint)rows)
            {
                throw new ArgumentOutOfRangeException(nameof(rowIndices), $"Row index {r} is outside 0..{rows - 1}.");
            }

            counts[r + 1]++;
        }

        for (int r = 0; r < rows; r++)
        {
            counts[r + 1] += counts[r];
        }

        var next = (int[])counts.Clone();
        var cols = new int[rowIndices.Length];
        var vals = new float[rowIndices.Length];
        for (int i = 0; i < rowIndices.Length; i++)
        {
            int c = columnIndices[i];
            if ((uint)c >= (uint)columns)
            {
                throw new ArgumentOutOfRangeException(nameof(columnIndices), $"Column index {c} is outside 0..{columns - 1}.");
            }

            int slot = next[rowIndices[i]]++;
            cols[slot] = c;
            vals[slot] = values[i];
        }

        // Sort each row by column and merge duplicates, so the layout is canonical.
        int write = 0;
        var pointers = new int[rows + 1];
        for (int r = 0; r < rows; r++)
        {
            int start = counts[r];
            int end = counts[r + 1];
            Array.Sort(cols, vals, start, end - start);
            pointers[r] = write;
            for (int i = start; i < end; i++)
            {
                if (write > pointers[r] && cols[write - 1] == cols[i])
                {
                    vals[write - 1] += vals[i];
                }
                else
                {
                    cols[write] = cols[i];
                    vals[write] = vals[i];
                    write++;
                }
            }
        }

        pointers[rows] = write;
        if (write != cols.Length)
        {
            Array.Resize(ref cols, write);
            Array.Resize(ref vals, write);
        }

        return new CsrMatrix(rows, columns, pointers, cols, vals);
    }

    /// <summary>Returns the transpose (columns become rows), also in canonical CSR form.</summary>
    public CsrMatrix Transpose()
    {
        var pointers = new int[Columns + 1];
        foreach (int c in ColumnIndices)
        {
            pointers[c + 1]++;
        }

        for (int c = 0; c < Columns; c++)
        {
            pointers[c + 1] += pointers[c];
        }

        var next = (int[])pointers.Clone();
        var cols = new int[NonZeros];
        var vals = new float[NonZeros];

        // Walking rows in order keeps each transposed row sorted by its new column index.
        for (int r = 0; r < Rows; r++)
        {
            for (int i = RowPointers[r]; i < RowPointers[r + 1]; i++)
            {
                int slot = next[ColumnIndices[i]]++;
                cols[slot] = r;
                vals[slot] = Values[i];
            }
        }

        return new CsrMatrix(Columns, Rows, pointers, cols, vals);
    }
}
