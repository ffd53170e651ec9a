using EdgeMx.Hal.Linux.Gpio;
using EdgeMx.Hal.Tests.Native;

namespace EdgeMx.Hal.Tests.Gpio;

public class GpioUapiTests
{
    [Fact]
    public void Struct_layouts_flags_and_ioctl_numbers_equal_the_kernel_uapi()
    {
        var c = KernelHeaders.Evaluate("#include <linux/gpio.h>", new Dictionary<string, string>
        {
            ["GPIO_GET_CHIPINFO_IOCTL"] = "GPIO_GET_CHIPINFO_IOCTL",
            ["GPIO_V2_GET_LINEINFO_IOCTL"] = "GPIO_V2_GET_LINEINFO_IOCTL",
            ["GPIO_V2_GET_LINE_IOCTL"] = "GPIO_V2_GET_LINE_IOCTL",
            ["GPIO_V2_LINE_SET_CONFIG_IOCTL"] = "GPIO_V2_LINE_SET_CONFIG_IOCTL",
            ["GPIO_V2_LINE_GET_VALUES_IOCTL"] = "GPIO_V2_LINE_GET_VALUES_IOCTL",
            ["GPIO_V2_LINE_SET_VALUES_IOCTL"] = "GPIO_V2_LINE_SET_VALUES_IOCTL",
            ["chipinfo"] = "sizeof(struct gpiochip_info)",
            ["lineinfo"] = "sizeof(struct gpio_v2_line_info)",
            ["request"] = "sizeof(struct gpio_v2_line_request)",
            ["config"] = "sizeof(struct gpio_v2_line_config)",
            ["values"] = "sizeof(struct gpio_v2_line_values)",
            ["event"] = "sizeof(struct gpio_v2_line_event)",
            ["attr"] = "sizeof(struct gpio_v2_line_attribute)",
            ["cfgattr"] = "sizeof(struct gpio_v2_line_config_attribute)",
            ["req_consumer"] = "offsetof(struct gpio_v2_line_request, consumer)",
            ["req_config"] = "offsetof(struct gpio_v2_line_request, config)",
            ["req_num_lines"] = "offsetof(struct gpio_v2_line_request, num_lines)",
            ["req_ebs"] = "offsetof(struct gpio_v2_line_request, event_buffer_size)",
            ["req_fd"] = "offsetof(struct gpio_v2_line_request, fd)",
            ["cfg_num_attrs"] = "offsetof(struct gpio_v2_line_config, num_attrs)",
            ["cfg_attrs"] = "offsetof(struct gpio_v2_line_config, attrs)",
            ["attr_union"] = "offsetof(struct gpio_v2_line_attribute, flags)",
            ["attr_debounce"] = "offsetof(struct gpio_v2_line_attribute, debounce_period_us)",
            ["cfgattr_mask"] = "offsetof(struct gpio_v2_line_config_attribute, mask)",
            ["ev_id"] = "offsetof(struct gpio_v2_line_event, id)",
            ["ev_offset"] = "offsetof(struct gpio_v2_line_event, offset)",
            ["ev_seqno"] = "offsetof(struct gpio_v2_line_event, seqno)",
            ["ev_line_seqno"] = "offsetof(struct gpio_v2_line_event, line_seqno)",
            ["F_USED"] = "GPIO_V2_LINE_FLAG_USED",
            ["F_ACTIVE_LOW"] = "GPIO_V2_LINE_FLAG_ACTIVE_LOW",
            ["F_INPUT"] = "GPIO_V2_LINE_FLAG_INPUT",
            ["F_OUTPUT"] = "GPIO_V2_LINE_FLAG_OUTPUT",
            ["F_EDGE_RISING"] = "GPIO_V2_LINE_FLAG_EDGE_RISING",
            ["F_EDGE_FALLING"] = "GPIO_V2_LINE_FLAG_EDGE_FALLING",
            ["F_OPEN_DRAIN"] = "GPIO_V2_LINE_FLAG_OPEN_DRAIN",
            ["F_OPEN_SOURCE"] = "GPIO_V2_LINE_FLAG_OPEN_SOURCE",
            ["F_PULL_UP"] = "GPIO_V2_LINE_FLAG_BIAS_PULL_UP",
            ["F_PULL_DOWN"] = "GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN",
            ["F_BIAS_DISABLED"] = "GPIO_V2_LINE_FLAG_BIAS_DISABLED",
            ["A_FLAGS"] = "GPIO_V2_LINE_ATTR_ID_FLAGS",
            ["A_OUTPUT_VALUES"] = "GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES",
            ["A_DEBOUNCE"] = "GPIO_V2_LINE_ATTR_ID_DEBOUNCE",
            ["E_RISING"] = "GPIO_V2_LINE_EVENT_RISING_EDGE",
            ["E_FALLING"] = "GPIO_V2_LINE_EVENT_FALLING_EDGE",
            ["LINES_MAX"] = "GPIO_V2_LINES_MAX",
            ["ATTRS_MAX"] = "GPIO_V2_LINE_NUM_ATTRS_MAX",
            ["NAME_SIZE"] = "GPIO_MAX_NAME_SIZE",
        });
        Assert.Equal(GpioUapi.GPIO_GET_CHIPINFO_IOCTL, (uint)c["GPIO_GET_CHIPINFO_IOCTL"]);
        Assert.Equal(GpioUapi.GPIO_V2_GET_LINEINFO_IOCTL, (uint)c["GPIO_V2_GET_LINEINFO_IOCTL"]);
        Assert.Equal(GpioUapi.GPIO_V2_GET_LINE_IOCTL, (uint)c["GPIO_V2_GET_LINE_IOCTL"]);
        Assert.Equal(GpioUapi.GPIO_V2_LINE_SET_CONFIG_IOCTL, (uint)c["GPIO_V2_LINE_SET_CONFIG_IOCTL"]);
        Assert.Equal(GpioUapi.GPIO_V2_LINE_GET_VALUES_IOCTL, (uint)c["GPIO_V2_LINE_GET_VALUES_IOCTL"]);
        Assert.Equal(GpioUapi.GPIO_V2_LINE_SET_VALUES_IOCTL, (uint)c["GPIO_V2_LINE_SET_VALUES_IOCTL"]);
        Assert.Equal(GpioUapi.ChipInfoSize, c["chipinfo"]);
        Assert.Equal(GpioUapi.LineInfoSize, c["lineinfo"]);
        Assert.Equal(GpioUapi.LineRequestSize, c["request"]);
        Assert.Equal(GpioUapi.LineConfigSize, c["config"]);
        Assert.Equal(GpioUapi.LineValuesSize, c["values"]);
        Assert.Equal(GpioUapi.LineEventSize, c["event"]);
        Assert.Equal(GpioUapi.LineAttributeSize, c["attr"]);
        Assert.Equal(GpioUapi.LineConfigAttributeSize, c["cfgattr"]);
        Assert.Equal(GpioUapi.RequestConsumer, c["req_consumer"]);
        Assert.Equal(GpioUapi.RequestConfig, c["req_config"]);
        Assert.Equal(GpioUapi.RequestNumLines, c["req_num_lines"]);
        Assert.Equal(GpioUapi.RequestEventBufferSize, c["req_ebs"]);
        Assert.Equal(GpioUapi.RequestFd, c["req_fd"]);
        Assert.Equal(GpioUapi.ConfigNumAttrs, c["cfg_num_attrs"]);
        Assert.Equal(GpioUapi.ConfigAttrs, c["cfg_attrs"]);
        Assert.Equal(8, c["attr_union"]);
        Assert.Equal(8, c["attr_debounce"]);
        Assert.Equal(GpioUapi.LineAttributeSize, c["cfgattr_mask"]);
        Assert.Equal(GpioUapi.EventId, c["ev_id"]);
        Assert.Equal(GpioUapi.EventOffset, c["ev_offset"]);
        Assert.Equal(GpioUapi.EventSeqno, c["ev_seqno"]);
        Assert.Equal(GpioUapi.EventLineSeqno, c["ev_line_seqno"]);
        Assert.Equal((long)GpioUapi.FlagUsed, c["F_USED"]);
        Assert.Equal((long)GpioUapi.FlagActiveLow, c["F_ACTIVE_LOW"]);
        Assert.Equal((long)GpioUapi.FlagInput, c["F_INPUT"]);
        Assert.Equal((long)GpioUapi.FlagOutput, c["F_OUTPUT"]);
        Assert.Equal((long)GpioUapi.FlagEdgeRising, c["F_EDGE_RISING"]);
        Assert.Equal((long)GpioUapi.FlagEdgeFalling, c["F_EDGE_FALLING"]);
        Assert.Equal((long)GpioUapi.FlagOpenDrain, c["F_OPEN_DRAIN"]);
        Assert.Equal((long)GpioUapi.FlagOpenSource, c["F_OPEN_SOURCE"]);
        Assert.Equal((long)GpioUapi.FlagBiasPullUp, c["F_PULL_UP"]);
        Assert.Equal((long)GpioUapi.FlagBiasPullDown, c["F_PULL_DOWN"]);
        Assert.Equal((long)GpioUapi.FlagBiasDisabled, c["F_BIAS_DISABLED"]);
        Assert.Equal(GpioUapi.AttrFlags, (uint)c["A_FLAGS"]);
        Assert.Equal(GpioUapi.AttrOutputValues, (uint)c["A_OUTPUT_VALUES"]);
        Assert.Equal(GpioUapi.AttrDebounce, (uint)c["A_DEBOUNCE"]);
        Assert.Equal(GpioUapi.EventRisingEdge, (uint)c["E_RISING"]);
        Assert.Equal(GpioUapi.EventFallingEdge, (uint)c["E_FALLING"]);
        Assert.Equal(GpioUapi.GPIO_V2_LINES_MAX, c["LINES_MAX"]);
        Assert.Equal(GpioUapi.GPIO_V2_LINE_NUM_ATTRS_MAX, c["ATTRS_MAX"]);
        Assert.Equal(GpioUapi.GPIO_MAX_NAME_SIZE, c["NAME_SIZE"]);
    }

    [Fact]
    public void Ioctl_numbers_follow_the_IOC_encoding()
    {
        // _IOC(dir, type, nr, size) = dir << 30 | size << 16 | type << 8 | nr (asm-generic/ioctl.h; arm64 uses it too).
        static uint Ioc(uint dir, uint nr, int size) => dir << 30 | (uint)size << 16 | 0xB4u << 8 | nr;
        Assert.Equal(GpioUapi.GPIO_GET_CHIPINFO_IOCTL, Ioc(2, 0x01, GpioUapi.ChipInfoSize));
        Assert.Equal(GpioUapi.GPIO_V2_GET_LINE_IOCTL, Ioc(3, 0x07, GpioUapi.LineRequestSize));
        Assert.Equal(GpioUapi.GPIO_V2_LINE_SET_VALUES_IOCTL, Ioc(3, 0x0F, GpioUapi.LineValuesSize));
    }

    [Fact]
    public void A_request_is_refused_before_it_reaches_the_kernel_when_it_cannot_be_encoded()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GpioUapi.EncodeLineRequest([], "x", 0, []));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            GpioUapi.EncodeLineRequest(Enumerable.Range(0, 65).Select(i => (uint)i).ToArray(), "x", 0, []));
        // A long consumer name is cut to 31 bytes and stays NUL-terminated.
        var r = GpioUapi.EncodeLineRequest([1], new string('c', 40), 0, []);
        Assert.Equal(0, r[GpioUapi.RequestConsumer + 31]);
        Assert.Equal((byte)'c', r[GpioUapi.RequestConsumer + 30]);
    }
}
