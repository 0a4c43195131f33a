import { NotFoundMessage } from "@/components/layout/NotFoundMessage";

/** An unknown product: the 404 inside the store's frame (the layout around it is the static one). */
export default function NotFound() {
  return <NotFoundMessage />;
}
