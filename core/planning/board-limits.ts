/** How many engineers one page of the planner's board holds, by default and at most. Zod-free for the window. */
export const MAX_BOARD_ENGINEERS = 50;
export const DEFAULT_BOARD_ENGINEERS = 15;
