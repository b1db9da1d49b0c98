using System.Collections.Frozen;

namespace Recommender.Core.Als.OpenCl;

/// <summary>Names and one-line meanings of the OpenCL status codes (cl.h, OpenCL 1.2 to 3.0, plus the ICD loader's).</summary>
public static class OpenClErrors
{
    private static readonly FrozenDictionary<int, (string Name, string Meaning)> _codes = new Dictionary<int, (string, string)>
    {
        [0] = ("CL_SUCCESS", "success"),
        [-1] = ("CL_DEVICE_NOT_FOUND", "no OpenCL device of the requested type was found"),
        [-2] = ("CL_DEVICE_NOT_AVAILABLE", "the device is currently not available"),
        [-3] = ("CL_COMPILER_NOT_AVAILABLE", "the driver has no OpenCL C compiler"),
        [-4] = ("CL_MEM_OBJECT_ALLOCATION_FAILURE", "out of device memory: the buffer could not be allocated"),
        [-5] = ("CL_OUT_OF_RESOURCES", "the device ran out of resources (memory, registers or a kernel fault)"),
        [-6] = ("CL_OUT_OF_HOST_MEMORY", "the OpenCL runtime ran out of host memory"),
        [-7] = ("CL_PROFILING_INFO_NOT_AVAILABLE", "profiling information is not available"),
        [-8] = ("CL_MEM_COPY_OVERLAP", "source and destination of a copy overlap"),
        [-9] = ("CL_IMAGE_FORMAT_MISMATCH", "image formats do not match"),
        [-10] = ("CL_IMAGE_FORMAT_NOT_SUPPORTED", "image format not supported"),
        [-11] = ("CL_BUILD_PROGRAM_FAILURE", "the OpenCL C program failed to build"),
        [-12] = ("CL_MAP_FAILURE", "mapping a buffer failed"),
        [-13] = ("CL_MISALIGNED_SUB_BUFFER_OFFSET", "sub-buffer offset is misaligned"),
        [-14] = ("CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST", "an event in the wait list failed"),
        [-15] = ("CL_COMPILE_PROGRAM_FAILURE", "the OpenCL C program failed to compile"),
        [-16] = ("CL_LINKER_NOT_AVAILABLE", "the driver has no linker"),
        [-17] = ("CL_LINK_PROGRAM_FAILURE", "linking the program failed"),
        [-18] = ("CL_DEVICE_PARTITION_FAILED", "device partitioning failed"),
        [-19] = ("CL_KERNEL_ARG_INFO_NOT_AVAILABLE", "kernel argument information is not available"),
        [-30] = ("CL_INVALID_VALUE", "an argument value is invalid"),
        [-31] = ("CL_INVALID_DEVICE_TYPE", "invalid device type"),
        [-32] = ("CL_INVALID_PLATFORM", "invalid platform"),
        [-33] = ("CL_INVALID_DEVICE", "invalid device"),
        [-34] = ("CL_INVALID_CONTEXT", "invalid context"),
        [-35] = ("CL_INVALID_QUEUE_PROPERTIES", "queue properties not supported by the device"),
        [-36] = ("CL_INVALID_COMMAND_QUEUE", "invalid command queue"),
        [-37] = ("CL_INVALID_HOST_PTR", "invalid host pointer"),
        [-38] = ("CL_INVALID_MEM_OBJECT", "invalid memory object"),
        [-39] = ("CL_INVALID_IMAGE_FORMAT_DESCRIPTOR", "invalid image format descriptor"),
        [-40] = ("CL_INVALID_IMAGE_SIZE", "invalid image size"),
        [-41] = ("CL_INVALID_SAMPLER", "invalid sampler"),
        [-42] = ("CL_INVALID_BINARY", "invalid program binary"),
        [-43] = ("CL_INVALID_BUILD_OPTIONS", "invalid build options"),
        [-44] = ("CL_INVALID_PROGRAM", "invalid program"),
        [-45] = ("CL_INVALID_PROGRAM_EXECUTABLE", "the program has no successfully built executable"),
        [-46] = ("CL_INVALID_KERNEL_NAME", "no kernel of that name in the program"),
        [-47] = ("CL_INVALID_KERNEL_DEFINITION", "invalid kernel definition"),
        [-48] = ("CL_INVALID_KERNEL", "invalid kernel"),
        [-49] = ("CL_INVALID_ARG_INDEX", "invalid kernel argument index"),
        [-50] = ("CL_INVALID_ARG_VALUE", "invalid kernel argument value"),
        [-51] = ("CL_INVALID_ARG_SIZE", "invalid kernel argument size"),
        [-52] = ("CL_INVALID_KERNEL_ARGS", "kernel arguments are not all set"),
        [-53] = ("CL_INVALID_WORK_DIMENSION", "invalid number of work dimensions"),
        [-54] = ("CL_INVALID_WORK_GROUP_SIZE", "invalid work-group size for this kernel and device"),
        [-55] = ("CL_INVALID_WORK_ITEM_SIZE", "work-item size exceeds the device maximum"),
        [-56] = ("CL_INVALID_GLOBAL_OFFSET", "invalid global offset"),
        [-57] = ("CL_INVALID_EVENT_WAIT_LIST", "invalid event wait list"),
        [-58] = ("CL_INVALID_EVENT", "invalid event"),
        [-59] = ("CL_INVALID_OPERATION", "invalid operation"),
        [-60] = ("CL_INVALID_GL_OBJECT", "invalid OpenGL object"),
        [-61] = ("CL_INVALID_BUFFER_SIZE", "buffer size is zero or above the device's maximum allocation (CL_DEVICE_MAX_MEM_ALLOC_SIZE)"),
        [-62] = ("CL_INVALID_MIP_LEVEL", "invalid mip level"),
        [-63] = ("CL_INVALID_GLOBAL_WORK_SIZE", "invalid global work size"),
        [-64] = ("CL_INVALID_PROPERTY", "invalid property"),
        [-65] = ("CL_INVALID_IMAGE_DESCRIPTOR", "invalid image descriptor"),
        [-66] = ("CL_INVALID_COMPILER_OPTIONS", "invalid compiler options"),
        [-67] = ("CL_INVALID_LINKER_OPTIONS", "invalid linker options"),
        [-68] = ("CL_INVALID_DEVICE_PARTITION_COUNT", "invalid device partition count"),
        [-69] = ("CL_INVALID_PIPE_SIZE", "invalid pipe size"),
        [-70] = ("CL_INVALID_DEVICE_QUEUE", "invalid device queue"),
        [-71] = ("CL_INVALID_SPEC_ID", "invalid specialization constant id"),
        [-72] = ("CL_MAX_SIZE_RESTRICTION_EXCEEDED", "a size exceeds an implementation limit"),
        [-1001] = ("CL_PLATFORM_NOT_FOUND_KHR", "the ICD loader found no OpenCL platform (no driver registered in /etc/OpenCL/vendors)"),
        [-9999] = ("NVIDIA_ILLEGAL_MEMORY_ACCESS", "the NVIDIA driver reported an illegal memory access in a kernel (unofficial code -9999)"),
    }.ToFrozenDictionary();

    /// <summary>The symbolic name of <paramref name="code"/>, such as CL_OUT_OF_RESOURCES; unknown codes read CL_UNKNOWN_ERROR(code).</summary>
    public static string NameOf(int code) => _codes.TryGetValue(code, out var entry) ? entry.Name : $"CL_UNKNOWN_ERROR({code})";

    /// <summary>A one-line meaning of <paramref name="code"/>.</summary>
    public static string MeaningOf(int code) => _codes.TryGetValue(code, out var entry) ? entry.Meaning : "an error code this backend does not know";

    /// <summary>Every code with a name, for tests.</summary>
    internal static IEnumerable<int> KnownCodes => _codes.Keys;
}
