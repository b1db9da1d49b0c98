namespace Recommender.Core.Als.OpenCl;

/// <summary>One orientation of the interaction matrix resident on the device: row pointers, columns and c - 1 per nonzero.</summary>
internal sealed class DeviceCsr : IDisposable
{
    private DeviceCsr(int rows, OpenClBuffer rowPointers, OpenClBuffer columns, OpenClBuffer confidenceMinusOne)
    {
        Rows = rows;
        RowPointers = rowPointers;
        Columns = columns;
        ConfidenceMinusOne = confidenceMinusOne;
    }

    public int Rows { get; }

    public OpenClBuffer RowPointers { get; }

    public OpenClBuffer Columns { get; }

    public OpenClBuffer ConfidenceMinusOne { get; }

    public static DeviceCsr Upload(OpenClContext context, CsrMatrix matrix, float[] confidenceMinusOne, string name)
    {
        OpenClBuffer? pointers = null;
        OpenClBuffer? columns = null;
        try
        {
            pointers = context.Upload<int>(matrix.RowPointers, $"{name} row pointers");
            columns = context.Upload<int>(matrix.ColumnIndices, $"{name} column indices");
            OpenClBuffer confidence = context.Upload<float>(confidenceMinusOne, $"{name} confidences");
            return new DeviceCsr(matrix.Rows, pointers, columns, confidence);
        }
        catch
        {
            pointers?.Dispose();
            columns?.Dispose();
            throw;
        }
    }

    /// <summary>Device bytes a matrix with these dimensions occupies.</summary>
    public static long BytesFor(int rows, int nonZeros) => (4L * (rows + 1)) + (8L * nonZeros);

    public void Dispose()
    {
        RowPointers.Dispose();
        Columns.Dispose();
        ConfidenceMinusOne.Dispose();
    }
}
