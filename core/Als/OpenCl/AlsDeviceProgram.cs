using System.Globalization;
using Recommender.Core.Als.OpenCl.Native;

namespace Recommender.Core.Als.OpenCl;

/// <summary>The built ALS kernels on one context, with launch helpers for the Gram matrix, the row solves and the NaN check.</summary>
internal sealed class AlsDeviceProgram : IDisposable
{
    /// <summary>Rows per Gram block at least; blocks are summed in order on the device.</summary>
    private const int MinBlockRows = 1024;

    /// <summary>Upper bound on Gram blocks, which sizes the partial-sum buffer.</summary>
    private const int MaxBlocks = 256;

    /// <summary>Work-items of the NaN check (a grid-stride loop covers any length).</summary>
    private const int FlagWorkItems = 16384;

    /// <summary>cg_rows work-groups per GPU compute unit: 32 groups of 64 work-items fill an NVIDIA multiprocessor.</summary>
    private const int GroupsPerGpuComputeUnit = 32;

    /// <summary>cg_rows work-groups per CPU core (PoCL): a few, so the per-group start-up cost is not paid per row.</summary>
    private const int GroupsPerCpuComputeUnit = 2;

    /// <summary>Largest cg_rows work-group on a GPU: one work-item per factor up to 256.</summary>
    private const int MaxGpuRowGroup = 256;

    /// <summary>
    /// Largest cg_rows work-group on a CPU device: PoCL maps 16 work-items onto one AVX-512 vector, and larger groups
    /// only add work-item loop overhead (measured 2-4x slower at 32 and 64 than at 16 on 20k x 5k x 500k).
    /// </summary>
    private const int MaxCpuRowGroup = 16;

    private readonly OpenClContext _context;
    private readonly ClProgramHandle _program;
    private readonly ClKernelHandle _gramPartial;
    private readonly ClKernelHandle _gramReduce;
    private readonly ClKernelHandle _cgRows;
    private readonly ClKernelHandle _flagNonFinite;

    private AlsDeviceProgram(OpenClContext context, ClProgramHandle program, int tile, int factors)
    {
        _context = context;
        _program = program;
        Tile = tile;
        Factors = factors;
        _gramPartial = OpenClContext.CreateKernel(program, "gram_partial");
        _gramReduce = OpenClContext.CreateKernel(program, "gram_reduce");
        _cgRows = OpenClContext.CreateKernel(program, "cg_rows");
        _flagNonFinite = OpenClContext.CreateKernel(program, "flag_nonfinite");

        long gramLimit = context.KernelWorkGroupSize(_gramPartial);
        if (gramLimit < (long)tile * tile)
        {
            throw new OpenClException($"OpenCL device '{context.Device.Name}' runs gram_partial with at most {gramLimit} work-items, below the {tile}x{tile} tile.");
        }

        long limit = Math.Min(context.KernelWorkGroupSize(_cgRows), Math.Min(context.Device.MaxWorkGroupSize, context.Device.IsGpu ? MaxGpuRowGroup : MaxCpuRowGroup));
        int group = 1;
        while (group * 2 <= limit && group < factors)
        {
            group *= 2;
        }

        RowGroupSize = group;
        LocalBytes = 4L * ((4L * factors) + group);
        if (LocalBytes > context.Device.LocalMemoryBytes)
        {
            throw new OpenClException(
                $"{factors} factors need {LocalBytes} bytes of local memory per work-group; OpenCL device '{context.Device.Name}' has {context.Device.LocalMemoryBytes}. Use fewer factors or --device cpu.");
        }
    }

    public int Factors { get; }

    /// <summary>Edge of a Gram tile (the gram_partial work-group is Tile x Tile).</summary>
    public int Tile { get; }

    /// <summary>Work-items per row in cg_rows: a power of two, at most the factor count rounded up.</summary>
    public int RowGroupSize { get; }

    /// <summary>Local memory one cg_rows work-group uses.</summary>
    public long LocalBytes { get; }

    /// <summary>Builds <paramref name="source"/> (the ALS kernels, or a replacement in tests) for <paramref name="factors"/> factors.</summary>
    public static AlsDeviceProgram Build(OpenClContext context, string source, int factors)
    {
        int tile = context.Device.MaxWorkGroupSize >= 256 ? 16 : context.Device.MaxWorkGroupSize >= 64 ? 8 : 4;
        string options = string.Create(CultureInfo.InvariantCulture, $"-cl-std=CL1.2 -D TILE={tile}");
        ClProgramHandle program = context.BuildProgram(source, options);
        try
        {
            return new AlsDeviceProgram(context, program, tile, factors);
        }
        catch
        {
            program.Dispose();
            throw;
        }
    }

    /// <summary>Floats the Gram partial-sum buffer needs for up to <paramref name="maxRows"/> rows.</summary>
    public long PartialFloats(int maxRows) => (long)Blocks(maxRows) * Factors * Factors;

    /// <summary>gram = Y^T Y + lambda I for the <paramref name="rows"/> x f matrix <paramref name="factors"/>.</summary>
    public void ComputeGram(OpenClBuffer factors, int rows, float lambda, OpenClBuffer partial, OpenClBuffer gram)
    {
        int f = Factors;
        int blocks = Blocks(rows);
        int blockRows = Math.Max(1, (rows + blocks - 1) / blocks);
        int tiles = (f + Tile - 1) / Tile;
        OpenClContext.SetArgument(_gramPartial, 0, factors);
        OpenClContext.SetArgument(_gramPartial, 1, rows);
        OpenClContext.SetArgument(_gramPartial, 2, f);
        OpenClContext.SetArgument(_gramPartial, 3, blockRows);
        OpenClContext.SetArgument(_gramPartial, 4, partial);
        _context.Launch(_gramPartial, "gram_partial", [(nuint)(tiles * Tile), (nuint)(tiles * Tile), (nuint)blocks], [(nuint)Tile, (nuint)Tile, 1]);

        OpenClContext.SetArgument(_gramReduce, 0, partial);
        OpenClContext.SetArgument(_gramReduce, 1, blocks);
        OpenClContext.SetArgument(_gramReduce, 2, f);
        OpenClContext.SetArgument(_gramReduce, 3, lambda);
        OpenClContext.SetArgument(_gramReduce, 4, gram);
        _context.Launch(_gramReduce, "gram_reduce", [(nuint)(f * f)], []);
    }

    /// <summary>Runs <paramref name="steps"/> warm-started CG steps on every row of <paramref name="matrix"/>, updating <paramref name="solved"/> in place.</summary>
    public void SolveRows(DeviceCsr matrix, OpenClBuffer fixedFactors, OpenClBuffer solved, OpenClBuffer gram, OpenClBuffer weights, int steps)
    {
        if (matrix.Rows == 0)
        {
            return;
        }

        OpenClContext.SetArgument(_cgRows, 0, matrix.RowPointers);
        OpenClContext.SetArgument(_cgRows, 1, matrix.Columns);
        OpenClContext.SetArgument(_cgRows, 2, matrix.ConfidenceMinusOne);
        OpenClContext.SetArgument(_cgRows, 3, fixedFactors);
        OpenClContext.SetArgument(_cgRows, 4, solved);
        OpenClContext.SetArgument(_cgRows, 5, gram);
        OpenClContext.SetArgument(_cgRows, 6, weights);
        OpenClContext.SetArgument(_cgRows, 7, Factors);
        OpenClContext.SetArgument(_cgRows, 8, steps);
        OpenClContext.SetArgument(_cgRows, 9, matrix.Rows);
        OpenClContext.SetLocalArgument(_cgRows, 10, LocalBytes);
        long groups = Math.Min(matrix.Rows, Math.Max(1L, (long)_context.Device.ComputeUnits * (_context.Device.IsGpu ? GroupsPerGpuComputeUnit : GroupsPerCpuComputeUnit)));
        _context.Launch(_cgRows, "cg_rows", [(nuint)(groups * RowGroupSize)], [(nuint)RowGroupSize]);
    }

    /// <summary>Whether any of the first <paramref name="count"/> floats of <paramref name="values"/> is NaN or infinite (waits for the queue).</summary>
    public bool HasNonFinite(OpenClBuffer values, long count, OpenClBuffer flag)
    {
        if (count == 0)
        {
            return false;
        }

        Span<int> state = [0];
        _context.Write<int>(flag, state);
        OpenClContext.SetArgument(_flagNonFinite, 0, values);
        OpenClContext.SetArgument(_flagNonFinite, 1, count);
        OpenClContext.SetArgument(_flagNonFinite, 2, flag);
        _context.Launch(_flagNonFinite, "flag_nonfinite", [(nuint)Math.Min(count, FlagWorkItems)], []);
        _context.Read(flag, state);
        return state[0] != 0;
    }

    public void Dispose()
    {
        _gramPartial.Dispose();
        _gramReduce.Dispose();
        _cgRows.Dispose();
        _flagNonFinite.Dispose();
        _program.Dispose();
    }

    private static int Blocks(int rows) => Math.Clamp((rows + MinBlockRows - 1) / MinBlockRows, 1, MaxBlocks);
}
