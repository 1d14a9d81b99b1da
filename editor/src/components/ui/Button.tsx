import type { ComponentProps, ReactNode } from "react";
import { Icon, type IconName } from "./Icon.tsx";

type Variant = "primary" | "secondary" | "ghost" | "danger";

type Props = ComponentProps<"button"> & {
  variant?: Variant;
  size?: "sm" | "md";
  icon?: IconName;
  children?: ReactNode;
};

/** The app's button. An icon-only button must be given an `aria-label`. */
export function Button({
  variant = "secondary",
  size = "md",
  icon,
  children,
  className,
  type,
  ...rest
}: Props) {
  const classes = ["btn", `btn--${variant}`, `btn--${size}`, children ? "" : "btn--icon", className ?? ""];
  return (
    <button type={type ?? "button"} className={classes.filter(Boolean).join(" ")} {...rest}>
      {icon && <Icon name={icon} size={size === "sm" ? 14 : 16} />}
      {children}
    </button>
  );
}
